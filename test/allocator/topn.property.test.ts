// Proves the invariant of allocator.md §10:
//   10.10 Top-N: with threshold 0, zero costs, no penalties, no locks, no budget and only
//         maxPositions binding, the portfolio after the plan is exactly the top maxPositions
//         contenders by value (ties by the total order of §6), checked against a brute-force sort.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuctionAllocator } from '../../src/index.js';
import type { AllocatorOptions } from '../../src/allocator/types.js';
import { contendersArb, NOW_MS, numRuns } from './arbitraries.js';
import type { Scenario } from './arbitraries.js';
import { compareRanked, rankedCandidate, rankedOpen } from './reference.js';

const topNCaseArb: fc.Arbitrary<Scenario> = fc
  .record({
    contenders: contendersArb(),
    maxPositions: fc.integer({ min: 1, max: 14 }),
    pnlBonusPerR: fc.constantFrom(0, 5),
  })
  .map(({ contenders, maxPositions, pnlBonusPerR }) => {
    // Distinct symbols, protected positions: nothing but the slots can bind.
    const opens = contenders.opens.map((o, i) => ({ ...o, symbol: `H${i}/USD`, isProtectiveOrdersLive: true }));
    const candidates = contenders.candidates.map((c, i) => ({ ...c, symbol: `N${i}/USD` }));
    const options: AllocatorOptions = {
      limits: { maxPositions, maxPerCluster: 100, maxPerSymbol: 1, maxMarginUtil: 1 },
      swapThreshold: 0,
      entryCost: 0,
      exitCost: 0,
      minHoldMinutes: 0,
      minValue: -1_000,
      pnlBonusPerR,
      directionConcentrationPenalty: 0,
      clusterConcentrationPenalty: 0,
      correlationPenalty: 0,
      maxTradesPerCycle: 1_000,
      maxNewOpensPerCycle: 1_000,
      maxClosesPerCycle: 1_000,
    };
    return { options, opens, candidates, state: { availableMargin: 1_000_000, accountEquity: 1_000_000, nowMs: NOW_MS } };
  });

/** The ids held after the plan, and the ids of the top maxPositions contenders by §6's order. */
function bookAndTop(s: Scenario): { after: string[]; top: string[] } {
  const allocator = new AuctionAllocator(s.options);
  const settings = allocator.settings;
  const ranked = [...s.opens.map((o) => rankedOpen(o, settings)), ...s.candidates.map((c) => rankedCandidate(c, settings))];
  ranked.sort(compareRanked);
  const top = ranked.slice(0, settings.limits.maxPositions).map((r) => r.id).sort();
  const plan = allocator.allocate(s.opens, s.candidates, s.state);
  const closed = new Set(plan.closes);
  const after = [...s.opens.filter((o) => !closed.has(o.id)).map((o) => o.id), ...plan.opens.map((c) => c.id)].sort();
  return { after, top };
}

describe('top-N (10.10)', () => {
  it('the book after the plan is exactly the top maxPositions contenders by value', () => {
    fc.assert(
      fc.property(topNCaseArb, (s) => {
        const { after, top } = bookAndTop(s);
        expect(after).toEqual(top);
      }),
      { numRuns },
    );
  });

  it('the same when the book starts over the slot cap', () => {
    fc.assert(
      fc.property(topNCaseArb, (s0) => {
        const maxPositions = Math.max(1, s0.opens.length - 2);
        const s: Scenario = { ...s0, options: { ...s0.options, limits: { ...s0.options.limits, maxPositions } } };
        const { after, top } = bookAndTop(s);
        expect(after).toEqual(top);
      }),
      { numRuns },
    );
  });
});
