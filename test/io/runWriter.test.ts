// The hand-written decision serialiser writes exactly what JSON.stringify would, key order included.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decisionLine } from '../../src/io/runWriter.js';
import { REASON_CODES, type Decision } from '../../src/allocator/types.js';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

const aDecision = fc.record(
  {
    kind: fc.constantFrom('held' as const, 'new' as const),
    id: fc.string(),
    symbol: fc.string(),
    outcome: fc.constantFrom('keep' as const, 'open' as const, 'close' as const, 'reject' as const),
    reason: fc.constantFrom(...REASON_CODES),
    value: finite,
    swapValue: finite,
    terms: fc.record({
      base: finite, pnlBonus: finite, trendBonus: finite, timeDecayPenalty: finite,
      directionPenalty: finite, clusterPenalty: finite, correlationPenalty: finite, cost: finite,
    }),
    partnerId: fc.string(),
    gap: finite,
  },
  { requiredKeys: ['kind', 'id', 'symbol', 'outcome', 'reason', 'value', 'swapValue', 'terms'] },
);

describe('decisionLine', () => {
  it('equals JSON.stringify of { ts, ...decision } for any decision, quotes and unicode in ids included', () => {
    fc.assert(
      fc.property(aDecision, (d) => {
        const ts = '2020-01-02T00:00:00.000Z';
        expect(decisionLine(JSON.stringify(ts), d as Decision)).toBe(JSON.stringify({ ts, ...d }) + '\n');
      }),
      { numRuns: 500 },
    );
  });
});
