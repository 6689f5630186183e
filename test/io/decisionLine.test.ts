// The hand-written decision serialiser writes exactly what JSON.stringify would, key order included, and decisions
// packed for the log's worker come back as the same text as formatting them in line.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REASON_CODES, type Decision } from '../../src/allocator/types.js';
import { cycleText, decisionLine, DecisionPacker, writePackedLines } from '../../src/io/decisionLine.js';

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


describe('DecisionPacker', () => {
  it('packed cycles read back as the text cycleText writes, partner ids and gaps present or not', () => {
    const aCycle = fc.record({ tsMs: fc.integer({ min: 0, max: 4_102_444_800_000 }), decisions: fc.array(aDecision, { maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(aCycle, { minLength: 1, maxLength: 8 }), (cycles) => {
        const packer = new DecisionPacker(64);
        for (const c of cycles) packer.add(c.tsMs, c.decisions as Decision[]);
        const texts: string[] = [];
        let piece = '';
        writePackedLines(packer.take(), {
          write: (line) => {
            piece += line;
          },
          endPiece: () => {
            texts.push(piece);
            piece = '';
          },
        });
        expect(texts).toEqual(cycles.map((c) => cycleText(c.tsMs, c.decisions as Decision[])));
        // The packer starts empty again after take().
        expect(packer.decisions).toBe(0);
        expect(packer.cycles).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('says when a cycle no longer fits', () => {
    const packer = new DecisionPacker(3);
    expect(packer.fits(3)).toBe(true);
    expect(packer.fits(4)).toBe(false);
  });
});
