// Invariants of isoTimestamp, the remembered-day formatter every output's timestamps go through:
// 1. It writes exactly what Date.prototype.toISOString writes, for any time Date can hold, integer or not.
// 2. That holds along runs of nearby times (where the remembered day is reused) and across day boundaries.
// 3. Outside Date's range it throws RangeError, as Date does.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../src/sim/isoTime.js';

const MAX_MS = 8.64e15;
const DAY_MS = 86_400_000;
const runs = Number(process.env.FC_NUM_RUNS ?? 200);

describe('isoTimestamp', () => {
  it('1. equals toISOString for any time Date can hold', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -MAX_MS, max: MAX_MS }), fc.double({ min: -MAX_MS, max: MAX_MS, noNaN: true })), (tsMs) => {
        expect(isoTimestamp(tsMs)).toBe(new Date(tsMs).toISOString());
      }),
      { numRuns: runs * 5 },
    );
  });

  it('2. equals toISOString along runs of nearby times and across midnights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e14, max: 1e14 }),
        fc.array(fc.integer({ min: -2 * DAY_MS, max: 2 * DAY_MS }), { minLength: 1, maxLength: 40 }),
        (start, steps) => {
          let tsMs = start;
          for (const step of steps) {
            tsMs += step;
            expect(isoTimestamp(tsMs)).toBe(new Date(tsMs).toISOString());
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it('2. at the edges of a day and of the range, before and after 1970', () => {
    for (const tsMs of [0, -1, 1, DAY_MS - 1, DAY_MS, -DAY_MS, -DAY_MS - 1, 1_700_000_000_000, MAX_MS, -MAX_MS, MAX_MS - 1, -62_198_755_200_000]) {
      expect(isoTimestamp(tsMs)).toBe(new Date(tsMs).toISOString());
      expect(isoTimestamp(tsMs + 0.5)).toBe(new Date(tsMs + 0.5).toISOString());
    }
  });

  it('3. throws RangeError outside the range', () => {
    for (const tsMs of [MAX_MS + 1, -MAX_MS - 1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => isoTimestamp(tsMs)).toThrow(RangeError);
  });
});
