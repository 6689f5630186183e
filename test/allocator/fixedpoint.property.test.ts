// Proves the invariant of allocator.md §10:
//   10.8 Fixed point: when the budget did not bind, entry_cost = exit_cost, min_hold_minutes = 0,
//        trend bonus and time decay are off, no forced close happened, no net cap is set and
//        maxPerSymbol is 1, running the allocator again on the portfolio the plan produces (opened
//        candidates become open positions with entryScore = score, zero PnL, age 0, protected, the
//        same id and marginUsed = requiredMargin; availableMargin less the opens' margin plus the
//        closes' margin), with the same candidates less those opened and those rejected
//        symbol_held, gives an empty plan: no ping-pong.
// "The budget did not bind": no decision has reason trade_budget, and the plan's opens + closes,
// opens and closes are each strictly below their cap.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuctionAllocator } from '../../src/index.js';
import type {
  AllocationPlan,
  AllocatorOptions,
  AllocatorSettings,
  CandidateSignal,
  OpenPositionMetadata,
  PortfolioState,
} from '../../src/allocator/types.js';
import { limitsArb, numRuns, optionsArb, scenarioArb } from './arbitraries.js';
import type { Scenario } from './arbitraries.js';

/** Settings that meet the preconditions of 10.8; everything else stays random. */
const fixedPointOptionsArb: fc.Arbitrary<AllocatorOptions> = fc
  .tuple(optionsArb, limitsArb, fc.constantFrom(0, 1, 2, 3), fc.boolean())
  .map(([o, limits, cost, roomyBudget]) => {
    const { maxNetLong: _long, maxNetShort: _short, ...rest } = limits;
    return {
      ...o,
      limits: { ...rest, maxPerSymbol: 1 },
      entryCost: cost,
      exitCost: cost,
      minHoldMinutes: 0,
      trendBonusPerR: 0,
      timeDecayPerHour: 0,
      ...(roomyBudget ? { maxTradesPerCycle: 40, maxNewOpensPerCycle: 20, maxClosesPerCycle: 20 } : {}),
    };
  });

function budgetDidNotBind(plan: AllocationPlan, s: AllocatorSettings): boolean {
  return (
    plan.decisions.every((d) => d.reason !== 'trade_budget') &&
    plan.opens.length + plan.closes.length < s.maxTradesPerCycle &&
    plan.opens.length < s.maxNewOpensPerCycle &&
    plan.closes.length < s.maxClosesPerCycle
  );
}

function forcedCloseHappened(plan: AllocationPlan): boolean {
  return plan.decisions.some((d) => d.reason.startsWith('forced_'));
}

/** The call after executing `plan`: the book it produces, the free margin left, the candidates still in play. */
function nextCall(
  s: Scenario,
  plan: AllocationPlan,
): { opens: OpenPositionMetadata[]; candidates: CandidateSignal[]; state: PortfolioState } {
  const closed = new Set(plan.closes);
  const opened = new Set(plan.opens.map((c) => c.id));
  const symbolHeld = new Set(plan.decisions.filter((d) => d.kind === 'new' && d.reason === 'symbol_held').map((d) => d.id));
  const opens: OpenPositionMetadata[] = [
    ...s.opens.filter((o) => !closed.has(o.id)),
    ...plan.opens.map((c) => ({
      id: c.id,
      symbol: c.symbol,
      direction: c.direction,
      cluster: c.cluster,
      entryScore: c.score,
      currentPnlR: 0,
      marginUsed: c.requiredMargin,
      ageMinutes: 0,
      isProtectiveOrdersLive: true,
    })),
  ];
  const opensMargin = plan.opens.reduce((acc, c) => acc + c.requiredMargin, 0);
  const closesMargin = s.opens.filter((o) => closed.has(o.id)).reduce((acc, o) => acc + o.marginUsed, 0);
  return {
    opens,
    candidates: s.candidates.filter((c) => !opened.has(c.id) && !symbolHeld.has(c.id)),
    state: { ...s.state, availableMargin: s.state.availableMargin - opensMargin + closesMargin },
  };
}

function describeSecondPlan(plan: AllocationPlan): string {
  return plan.decisions
    .filter((d) => d.outcome === 'open' || d.outcome === 'close')
    .map((d) => `${d.outcome} ${d.id} (${d.reason}${d.partnerId === undefined ? '' : ` ↔ ${d.partnerId}`})`)
    .join(', ');
}

describe('fixed point (10.8)', () => {
  it('re-running on the book the plan produces gives an empty plan', () => {
    let traded = 0;
    fc.assert(
      fc.property(scenarioArb({}, fixedPointOptionsArb), (s) => {
        const allocator = new AuctionAllocator(s.options);
        const first = allocator.allocate(s.opens, s.candidates, s.state);
        fc.pre(budgetDidNotBind(first, allocator.settings) && !forcedCloseHappened(first));
        if (first.opens.length + first.closes.length > 0) traded += 1;
        const next = nextCall(s, first);
        const second = allocator.allocate(next.opens, next.candidates, next.state);
        expect(describeSecondPlan(second)).toBe('');
        expect(second.opens).toEqual([]);
        expect(second.closes).toEqual([]);
      }),
      { numRuns },
    );
    // Not vacuous: most first plans that meet the preconditions do trade.
    expect(traded).toBeGreaterThan(numRuns / 10);
  });

  it('also on books that start empty (everything the first plan holds, it opened)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxOpens: 0 }, fixedPointOptionsArb), (s) => {
        const allocator = new AuctionAllocator(s.options);
        const first = allocator.allocate(s.opens, s.candidates, s.state);
        fc.pre(budgetDidNotBind(first, allocator.settings));
        const next = nextCall(s, first);
        const second = allocator.allocate(next.opens, next.candidates, next.state);
        expect(describeSecondPlan(second)).toBe('');
      }),
      { numRuns },
    );
  });
});
