// Proves the invariants of allocator.md §10:
//   10.3 Hard limits hold after the plan, or are no worse than before (§4): positions, per cluster,
//        per normalised symbol, margin ≤ maxMarginUtil × (free + Σ margin in use), the opens' margin
//        ≤ free margin + margin the closes release, net long and net short.
//   10.4 No locked position is ever closed.
//   10.5 Trade budget: opens + closes ≤ maxTradesPerCycle, each side within its cap.
// Also §4: a symbol is never closed and opened in one plan.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuctionAllocator } from '../../src/index.js';
import { aCandidate, anAllocator, anOpen, aState } from './builders.js';
import { numRuns, scenarioArb } from './arbitraries.js';
import { heldOfCandidate, heldOfOpen, isLocked, limitViolations } from './reference.js';

describe('hard limits (10.3)', () => {
  it('the book after the plan is within every limit, or no worse than before', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const allocator = new AuctionAllocator(s.options);
        const plan = allocator.allocate(s.opens, s.candidates, s.state);
        expect(limitViolations(s.opens, s.state, plan, allocator.settings)).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('the same on crowded books: many positions, few symbols and clusters, tight limits', () => {
    fc.assert(
      fc.property(scenarioArb({ minOpens: 6, maxOpens: 12, maxCandidates: 6 }), (s) => {
        const allocator = new AuctionAllocator(s.options);
        const plan = allocator.allocate(s.opens, s.candidates, s.state);
        expect(limitViolations(s.opens, s.state, plan, allocator.settings)).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('never closes and opens the same normalised symbol in one plan', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const allocator = new AuctionAllocator(s.options);
        const settings = allocator.settings;
        const plan = allocator.allocate(s.opens, s.candidates, s.state);
        const closed = new Set(plan.closes);
        const closedSymbols = new Set(s.opens.filter((o) => closed.has(o.id)).map((o) => heldOfOpen(o, settings).symbol));
        const heldSymbols = new Set(s.opens.map((o) => heldOfOpen(o, settings).symbol));
        for (const c of plan.opens) {
          const symbol = heldOfCandidate(c, settings).symbol;
          expect(closedSymbols.has(symbol)).toBe(false);
          expect(heldSymbols.has(symbol)).toBe(false);
        }
      }),
      { numRuns },
    );
  });

  it('the checker is not vacuous: it sees a plan that breaks each limit', () => {
    const settings = anAllocator({ limits: { maxPositions: 1, maxPerCluster: 1, maxNetLong: 50 } }).settings;
    const open = anOpen({ id: 'o', symbol: 'A/USD', marginUsed: 100 });
    const extra = aCandidate({ id: 'c', symbol: 'a/usd', requiredMargin: 100 });
    const plan = { opens: [extra], closes: [], decisions: [], reasons: {} } as never;
    const issues = limitViolations([open], aState({ availableMargin: 50 }), plan, settings);
    expect(issues.map((i) => i.split(' ')[0])).toEqual(['positions', 'cluster', 'symbol', 'margin', "opens'", 'net']);
  });
});

describe('locks (10.4)', () => {
  it('never closes a locked position, and keeps it with reason locked', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const allocator = new AuctionAllocator(s.options);
        const plan = allocator.allocate(s.opens, s.candidates, s.state);
        const closed = new Set(plan.closes);
        for (const open of s.opens) {
          if (!isLocked(open, allocator.settings)) continue;
          expect(closed.has(open.id)).toBe(false);
          const d = plan.decisions.find((x) => x.kind === 'held' && x.id === open.id);
          expect(d).toMatchObject({ outcome: 'keep', reason: 'locked' });
        }
      }),
      { numRuns },
    );
  });
});

describe('trade budget (10.5)', () => {
  it('opens + closes ≤ maxTradesPerCycle, opens ≤ maxNewOpensPerCycle, closes ≤ maxClosesPerCycle', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const allocator = new AuctionAllocator(s.options);
        const { maxTradesPerCycle, maxNewOpensPerCycle, maxClosesPerCycle } = allocator.settings;
        const plan = allocator.allocate(s.opens, s.candidates, s.state);
        expect(plan.opens.length + plan.closes.length).toBeLessThanOrEqual(maxTradesPerCycle);
        expect(plan.opens.length).toBeLessThanOrEqual(maxNewOpensPerCycle);
        expect(plan.closes.length).toBeLessThanOrEqual(maxClosesPerCycle);
      }),
      { numRuns },
    );
  });
});
