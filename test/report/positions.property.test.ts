// Invariant of nameChurnShares, which counts names leaving the book from the changes alone:
// 1. It gives exactly the shares of the definition written out with a set of held symbols per cycle
//    (|held(t−1) ∖ held(t)| / |held(t−1)| for held(t−1) non-empty), on random books: several positions per symbol,
//    exits and reopenings within one cycle, fills between cycle times, and end_of_data exits held to the end.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunData } from '../../src/io/runReader.js';
import { nameChurnShares, positionSpans, type PositionSpan } from '../../src/report/positions.js';
import { cycle, day, fill, makeRun, type FillSpec } from './runData.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);

/** The definition, one set per cycle. */
function referenceShares(run: RunData): number[] {
  const spans = positionSpans(run);
  const held: Set<string>[] = run.cycles.map((c) => {
    const counts = new Map<string, number>();
    for (const s of spans) {
      const exited = s.exitFillMs !== undefined && s.exitAction !== 'end_of_data' && s.exitFillMs <= c.tsMs;
      if (s.openFillMs <= c.tsMs && !exited) counts.set(s.symbol, (counts.get(s.symbol) ?? 0) + 1);
    }
    return new Set(counts.keys());
  });
  const shares: number[] = [];
  for (let t = 1; t < held.length; t++) {
    const before = held[t - 1]!;
    if (before.size === 0) continue;
    let left = 0;
    for (const symbol of before) if (!held[t]!.has(symbol)) left++;
    shares.push(left / before.size);
  }
  return shares;
}

const HALF_DAY = 43_200_000;

/** A position: its symbol, open and exit times in half days (exit absent: still open), and how it ended. */
const positionArb = fc.record({
  symbol: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
  openHalfDays: fc.integer({ min: 0, max: 20 }),
  heldHalfDays: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  exit: fc.constantFrom<FillSpec['action']>('close', 'stop', 'take_profit', 'end_of_data'),
});

describe('nameChurnShares', () => {
  it('1. equals the set-per-cycle definition on random books', () => {
    fc.assert(
      fc.property(fc.array(positionArb, { maxLength: 25 }), fc.integer({ min: 1, max: 12 }), (positions, cycles) => {
        const fills = positions.flatMap((p, k) => {
          const openMs = day(0) + p.openHalfDays * HALF_DAY;
          const positionId = `p${k}`;
          const open = fill({ cycleMs: openMs, symbol: p.symbol, action: 'open', positionId });
          if (p.heldHalfDays === undefined) return [open];
          const exitMs = openMs + p.heldHalfDays * HALF_DAY;
          return [open, fill({ cycleMs: exitMs, symbol: p.symbol, action: p.exit, positionId })];
        });
        const run = makeRun({ cycles: Array.from({ length: cycles }, (_, i) => cycle(day(i), 100)), fills });
        expect(nameChurnShares(run)).toEqual(referenceShares(run));
      }),
      { numRuns },
    );
  });

  it('1. counts a symbol that leaves and comes back within one cycle as held', () => {
    const fills = [
      fill({ cycleMs: day(0), symbol: 'A', action: 'open', positionId: 'a1' }),
      fill({ cycleMs: day(0), symbol: 'B', action: 'open', positionId: 'b1' }),
      fill({ cycleMs: day(1), symbol: 'A', action: 'close', positionId: 'a1' }),
      fill({ cycleMs: day(1), symbol: 'A', action: 'open', positionId: 'a2' }),
      fill({ cycleMs: day(1), symbol: 'B', action: 'stop', positionId: 'b1' }),
    ];
    const run = makeRun({ cycles: [0, 1, 2].map((i) => cycle(day(i), 100)), fills });
    expect(nameChurnShares(run)).toEqual([0.5, 0]);
    expect(referenceShares(run)).toEqual([0.5, 0]);
    expect(positionSpans(run).map((s: PositionSpan) => s.positionId)).toEqual(['a1', 'b1', 'a2']);
  });
});
