// Invariant of the run folder's strict number reader (runRows.parseDecimal), whose common case is checked by hand:
// 1. It accepts exactly the cells DECIMAL_RE accepts, and reads them as Number does, for any short text over the
//    characters numbers are spelled with (and a few that break them).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/io/runRows.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);

/** The definition: the regular expression, then Number, finite only. */
function reference(text: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

const cellArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '+', '-', 'e', 'E', ' ', 'x', '_'), maxLength: 12 }),
  fc.double({ noNaN: true }).map(String),
  fc.integer().map(String),
);

describe('parseDecimal (run folder cells)', () => {
  it('1. accepts and reads exactly what the regular expression and Number do', () => {
    fc.assert(
      fc.property(cellArb, (text) => {
        expect(parseDecimal(text)).toBe(reference(text));
      }),
      { numRuns: numRuns * 10 },
    );
  });

  it('1. on the edge spellings', () => {
    for (const text of ['', '.', '+', '-', '+.', '5.', '.5', '-.5', '+0', '-0', '1.2.3', '1e5', '1e', 'e5', ' 1', '1 ', '00.10', '1e400', '--1']) {
      expect(parseDecimal(text), text).toBe(reference(text));
    }
  });
});
