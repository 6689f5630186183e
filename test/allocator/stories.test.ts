// The seventeen stories of allocator.md §11: the original system's failure modes, and ours.
// Defaults unless a story says otherwise: 5 slots, threshold 10, costs 2 and 2, no direction
// penalty, every position unlocked and protected (see builders.ts).

import { describe, expect, it } from 'vitest';
import type { CandidateSignal, OpenPositionMetadata } from '../../src/allocator/types.js';
import {
  aCandidate,
  anAllocator,
  aState,
  candidateValued,
  decisionOf,
  openIds,
  openValued,
  verdict,
} from './builders.js';

describe('allocator stories (allocator.md §11)', () => {
  it('1. a sole open position that wins is kept even when the exchange spells the symbol differently', () => {
    const allocator = anAllocator({ symbolAliases: { PF_XBTUSD: 'BTC/USD' } });
    for (const symbol of ['PF_XBTUSD', 'pf_xbtusd', 'BTC/USD', 'btc/usd']) {
      const plan = allocator.allocate([openValued(48, { id: 'btc', symbol })], [], aState());
      expect(plan.opens).toEqual([]);
      expect(plan.closes).toEqual([]);
      expect(verdict(plan, 'btc')).toBe('keep/winner');
      expect(decisionOf(plan, 'btc').symbol).toBe('BTC/USD');
      expect(decisionOf(plan, 'btc').value).toBe(48);
    }
  });

  it('2. three 48s and candidates 88, 50, 50 in three slots: one swap, the weakest open out and the 88 in', () => {
    // Equal values: the youngest open ranks last in the total order, whatever its id.
    const opens = [
      openValued(48, { id: 'a', ageMinutes: 3_000 }),
      openValued(48, { id: 'b', ageMinutes: 1_000 }),
      openValued(48, { id: 'c', ageMinutes: 2_000 }),
    ];
    const candidates = [candidateValued(88, { id: 'n88' }), candidateValued(50, { id: 'n50a' }), candidateValued(50, { id: 'n50b' })];
    const plan = anAllocator({ limits: { maxPositions: 3 } }).allocate(opens, candidates, aState());
    expect(plan.closes).toEqual(['b']);
    expect(openIds(plan)).toEqual(['n88']);
    expect(decisionOf(plan, 'b')).toMatchObject({ outcome: 'close', reason: 'swap_out', partnerId: 'n88', gap: 30 });
    expect(decisionOf(plan, 'n88')).toMatchObject({ outcome: 'open', reason: 'swap_in', partnerId: 'b', gap: 30 });
    for (const id of ['n50a', 'n50b']) expect(verdict(plan, id)).toBe('reject/hysteresis_blocked');
    for (const id of ['a', 'c']) {
      expect(decisionOf(plan, id)).toMatchObject({ outcome: 'keep', reason: 'hysteresis_blocked', gap: -8 });
    }
    expect(plan.reasons.hysteresis_blocked).toBe(4);
    expect(plan.reasons.swap_in).toBe(1);
    expect(plan.reasons.swap_out).toBe(1);
  });

  it('3. a swap that fails the hurdle is not replaced by an open that breaks the margin cap', () => {
    const a = openValued(48, { id: 'A', marginUsed: 600 });
    const b = candidateValued(55, { id: 'B', requiredMargin: 600 });
    const plan = anAllocator().allocate([a], [b], aState({ availableMargin: 300, accountEquity: 900 }));
    expect(plan.opens).toEqual([]);
    expect(plan.closes).toEqual([]);
    expect(decisionOf(plan, 'A')).toMatchObject({ outcome: 'keep', reason: 'hysteresis_blocked', swapValue: 48, gap: -3 });
    expect(decisionOf(plan, 'B')).toMatchObject({ outcome: 'reject', reason: 'margin_cap', swapValue: 55 });
  });

  it('4. an aliased symbol is never held twice nor closed and opened in one plan: the candidate is symbol_held', () => {
    const allocator = anAllocator({ symbolAliases: { PF_ETHUSD: 'ETH/USD' } });
    for (const direction of ['long', 'short'] as const) {
      for (const score of [-50, 10, 62, 500]) {
        for (const symbol of ['ETH/USD', 'eth/usd', 'PF_ETHUSD']) {
          const open = openValued(48, { id: 'eth', symbol: 'PF_ETHUSD', direction: 'long' });
          const candidate = aCandidate({ id: 'eth2', symbol, direction, score });
          const plan = allocator.allocate([open], [candidate], aState());
          expect(plan.opens).toEqual([]);
          expect(plan.closes).toEqual([]);
          expect(verdict(plan, 'eth')).toBe('keep/winner');
          expect(verdict(plan, 'eth2')).toBe('reject/symbol_held');
          expect(decisionOf(plan, 'eth').symbol).toBe('ETH/USD');
          expect(decisionOf(plan, 'eth2').symbol).toBe('ETH/USD');
        }
      }
    }
  });

  it('5. an empty book with five candidates and at most 2 new opens opens the best 2', () => {
    const candidates = [60, 90, 70, 50, 80].map((score) => aCandidate({ id: `c${score}`, score }));
    const plan = anAllocator({ maxNewOpensPerCycle: 2, maxClosesPerCycle: 1 }).allocate([], candidates, aState());
    expect(openIds(plan)).toEqual(['c90', 'c80']);
    expect(plan.closes).toEqual([]);
    expect(verdict(plan, 'c90')).toBe('open/winner');
    expect(verdict(plan, 'c80')).toBe('open/winner');
    for (const id of ['c70', 'c60', 'c50']) expect(verdict(plan, id)).toBe('reject/trade_budget');
  });

  it('6. three good swaps and a budget of 1 trade: no trades; with a budget of 2, exactly one swap', () => {
    const opens = ['o1', 'o2', 'o3'].map((id) => openValued(48, { id }));
    const candidates = ['c1', 'c2', 'c3'].map((id) => candidateValued(88, { id }));
    const one = anAllocator({ limits: { maxPositions: 3 }, maxTradesPerCycle: 1 }).allocate(opens, candidates, aState());
    expect(one.opens).toEqual([]);
    expect(one.closes).toEqual([]);
    for (const id of ['o1', 'o2', 'o3']) expect(verdict(one, id)).toBe('keep/trade_budget');
    for (const id of ['c1', 'c2', 'c3']) expect(verdict(one, id)).toBe('reject/trade_budget');
    const partners = new Map(one.decisions.map((d) => [d.id, d.partnerId]));
    for (const d of one.decisions) {
      expect(d.partnerId).toBeDefined();
      expect(partners.get(d.partnerId as string)).toBe(d.id);
    }

    const two = anAllocator({ limits: { maxPositions: 3 }, maxTradesPerCycle: 2 }).allocate(opens, candidates, aState());
    // Weakest open by the total order: equal value and age, so the highest id; strongest candidate: the lowest id.
    expect(two.closes).toEqual(['o3']);
    expect(openIds(two)).toEqual(['c1']);
    expect(decisionOf(two, 'o3')).toMatchObject({ outcome: 'close', reason: 'swap_out', partnerId: 'c1', gap: 30 });
    expect(decisionOf(two, 'c1')).toMatchObject({ outcome: 'open', reason: 'swap_in', partnerId: 'o3' });
    for (const id of ['o1', 'o2']) expect(verdict(two, id)).toBe('keep/trade_budget');
    for (const id of ['c2', 'c3']) expect(verdict(two, id)).toBe('reject/trade_budget');
  });

  it('7. five longs into an empty book with direction penalty 10: all open, the first pays 0 and the others 10', () => {
    const candidates = [60, 65, 70, 75, 80].map((score) => aCandidate({ id: `L${score}`, score, direction: 'long' }));
    const plan = anAllocator({ directionConcentrationPenalty: 10 }).allocate([], candidates, aState());
    expect(openIds(plan)).toEqual(['L80', 'L75', 'L70', 'L65', 'L60']);
    const terms = openIds(plan).map((id) => decisionOf(plan, id).terms.directionPenalty);
    expect(terms).toEqual([0, 10, 10, 10, 10]);
    for (const score of [60, 65, 70, 75, 80]) {
      const d = decisionOf(plan, `L${score}`);
      expect(d).toMatchObject({ outcome: 'open', reason: 'winner', swapValue: score - 2 });
      expect(d.terms).toEqual({
        base: score, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0,
        directionPenalty: score === 80 ? 0 : 10, clusterPenalty: 0, correlationPenalty: 0, cost: 2,
      });
      expect(d.value).toBe(score === 80 ? 78 : score - 12);
    }
  });

  it('8. equal values for one slot go to the lower id, and a one-close budget closes the weaker below-floor open, in any input order', () => {
    const a = aCandidate({ id: 'a', score: 50, symbol: 'AAA/USD' });
    const b = aCandidate({ id: 'b', score: 50, symbol: 'BBB/USD' });
    const oneSlot = anAllocator({ limits: { maxPositions: 1 } });
    for (const candidates of [[a, b], [b, a]]) {
      const plan = oneSlot.allocate([], candidates, aState());
      expect(openIds(plan)).toEqual(['a']);
      expect(verdict(plan, 'a')).toBe('open/winner');
      expect(verdict(plan, 'b')).toBe('reject/slot_cap');
    }
    const weak = openValued(-5, { id: 'weak' });
    const lessWeak = openValued(-1, { id: 'lessweak' });
    const oneClose = anAllocator({ maxClosesPerCycle: 1 });
    for (const opens of [[weak, lessWeak], [lessWeak, weak]]) {
      const plan = oneClose.allocate(opens, [], aState());
      expect(plan.closes).toEqual(['weak']);
      expect(verdict(plan, 'weak')).toBe('close/below_floor');
      expect(verdict(plan, 'lessweak')).toBe('keep/trade_budget');
    }
  });

  it('9. 17 positions of margin 500 with 1 500 free under a 0.90 cap: nothing is closed (9 000 ≥ 8 500)', () => {
    const opens: OpenPositionMetadata[] = Array.from({ length: 17 }, (_, i) =>
      openValued(48, { id: `p${String(i).padStart(2, '0')}`, marginUsed: 500, cluster: `cluster${i % 4}` }),
    );
    const allocator = anAllocator({ limits: { maxPositions: 50, maxMarginUtil: 0.9 } });
    const plan = allocator.allocate(opens, [], aState({ availableMargin: 1_500, accountEquity: 10_000 }));
    expect(plan.closes).toEqual([]);
    expect(plan.opens).toEqual([]);
    expect(plan.decisions).toHaveLength(17);
    for (const d of plan.decisions) expect(`${d.outcome}/${d.reason}`).toBe('keep/winner');
  });

  it('10. an open position valued −0.5 with no candidates is closed below_floor', () => {
    const plan = anAllocator().allocate([openValued(-0.5, { id: 'sad' })], [], aState());
    expect(plan.closes).toEqual(['sad']);
    expect(decisionOf(plan, 'sad')).toMatchObject({ outcome: 'close', reason: 'below_floor', value: -0.5 });
  });

  it('11. a locked position that is the weakest contender is kept (locked) and its slot counts', () => {
    const locks: Partial<OpenPositionMetadata>[] = [{ ageMinutes: 5 }, { isProtectiveOrdersLive: false }];
    for (const lock of locks) {
      const opens = [openValued(10, { id: 'lk', ...lock }), openValued(48, { id: 'o48' })];
      const candidates = [candidateValued(88, { id: 'c88' }), candidateValued(70, { id: 'c70' })];
      const plan = anAllocator({ limits: { maxPositions: 2 } }).allocate(opens, candidates, aState());
      expect(verdict(plan, 'lk')).toBe('keep/locked');
      expect(plan.closes).toEqual(['o48']);
      expect(openIds(plan)).toEqual(['c88']);
      expect(decisionOf(plan, 'o48')).toMatchObject({ outcome: 'close', reason: 'swap_out', partnerId: 'c88' });
      expect(decisionOf(plan, 'c88')).toMatchObject({ outcome: 'open', reason: 'swap_in', partnerId: 'o48' });
      expect(verdict(plan, 'c70')).toBe('reject/slot_cap');
    }
  });

  it('12. an open valued 60 is kept against a candidate valued 69 and swapped for one valued 70', () => {
    const allocator = anAllocator({ limits: { maxPositions: 1 } });
    const open = openValued(60, { id: 'o60' });
    const kept = allocator.allocate([open], [candidateValued(69, { id: 'c69' })], aState());
    expect(kept.opens).toEqual([]);
    expect(kept.closes).toEqual([]);
    expect(decisionOf(kept, 'o60')).toMatchObject({ outcome: 'keep', reason: 'hysteresis_blocked', gap: -1 });
    expect(verdict(kept, 'c69')).toBe('reject/hysteresis_blocked');

    const swapped = allocator.allocate([open], [candidateValued(70, { id: 'c70' })], aState());
    expect(swapped.closes).toEqual(['o60']);
    expect(openIds(swapped)).toEqual(['c70']);
    expect(decisionOf(swapped, 'o60')).toMatchObject({ outcome: 'close', reason: 'swap_out', partnerId: 'c70', gap: 0 });
    expect(decisionOf(swapped, 'c70')).toMatchObject({ outcome: 'open', reason: 'swap_in', partnerId: 'o60', gap: 0 });
  });

  it('13. one slot: an open valued −0.5 is closed below_floor and a candidate valued 5 opens into the freed slot', () => {
    const plan = anAllocator({ limits: { maxPositions: 1 } }).allocate(
      [openValued(-0.5, { id: 'o' })],
      [candidateValued(5, { id: 'c' })],
      aState(),
    );
    expect(plan.closes).toEqual(['o']);
    expect(openIds(plan)).toEqual(['c']);
    expect(verdict(plan, 'o')).toBe('close/below_floor');
    expect(decisionOf(plan, 'c')).toMatchObject({ outcome: 'open', reason: 'winner', value: 5 });
  });

  it('14. cluster cap 1 over a book with two in cluster B: only the weaker B is closed, the weakest (A) is kept', () => {
    const opens = [
      openValued(70, { id: 'o1', cluster: 'B' }),
      openValued(60, { id: 'o2', cluster: 'A' }),
      openValued(65, { id: 'o3', cluster: 'B' }),
    ];
    const plan = anAllocator({ limits: { maxPositions: 3, maxPerCluster: 1 } }).allocate(opens, [], aState());
    expect(plan.closes).toEqual(['o3']);
    expect(plan.opens).toEqual([]);
    expect(verdict(plan, 'o3')).toBe('close/forced_cluster_cap');
    expect(verdict(plan, 'o1')).toBe('keep/winner');
    expect(verdict(plan, 'o2')).toBe('keep/winner');
  });

  it('15. two swaps that each alone would break the cluster cap are applied together', () => {
    const opens = [openValued(10, { id: 'd1', cluster: 'X' }), openValued(20, { id: 'd2', cluster: 'Y' })];
    const candidates = [candidateValued(40, { id: 'a1', cluster: 'Y' }), candidateValued(50, { id: 'a2', cluster: 'X' })];
    const allocator = anAllocator({ limits: { maxPositions: 2, maxPerCluster: 1 }, swapThreshold: 0 });
    const plan = allocator.allocate(opens, candidates, aState());
    expect(plan.closes).toEqual(['d2', 'd1']);
    expect(openIds(plan)).toEqual(['a2', 'a1']);
    expect(decisionOf(plan, 'd1')).toMatchObject({ outcome: 'close', reason: 'swap_out', partnerId: 'a1', gap: 30 });
    expect(decisionOf(plan, 'd2')).toMatchObject({ outcome: 'close', reason: 'swap_out', partnerId: 'a2', gap: 30 });
    expect(decisionOf(plan, 'a1')).toMatchObject({ outcome: 'open', reason: 'swap_in', partnerId: 'd1' });
    expect(decisionOf(plan, 'a2')).toMatchObject({ outcome: 'open', reason: 'swap_in', partnerId: 'd2' });
  });

  it('16. three valid swaps and a budget of 2 trades: one swap, the 10 out and the 90 in', () => {
    const opens = [openValued(10, { id: 'o10' }), openValued(20, { id: 'o20' }), openValued(30, { id: 'o30' })];
    const candidates: CandidateSignal[] = [90, 80, 70].map((v) => candidateValued(v, { id: `c${v}` }));
    const plan = anAllocator({ limits: { maxPositions: 3 }, maxTradesPerCycle: 2 }).allocate(opens, candidates, aState());
    expect(plan.closes).toEqual(['o10']);
    expect(openIds(plan)).toEqual(['c90']);
    expect(decisionOf(plan, 'o10')).toMatchObject({ outcome: 'close', reason: 'swap_out', partnerId: 'c90', gap: 70 });
    expect(decisionOf(plan, 'c90')).toMatchObject({ outcome: 'open', reason: 'swap_in', partnerId: 'o10', gap: 70 });
    // The skipped swaps, re-paired among themselves: (20, 70) and (30, 80).
    expect(decisionOf(plan, 'o20')).toMatchObject({ outcome: 'keep', reason: 'trade_budget', partnerId: 'c70' });
    expect(decisionOf(plan, 'o30')).toMatchObject({ outcome: 'keep', reason: 'trade_budget', partnerId: 'c80' });
    expect(decisionOf(plan, 'c70')).toMatchObject({ outcome: 'reject', reason: 'trade_budget', partnerId: 'o20' });
    expect(decisionOf(plan, 'c80')).toMatchObject({ outcome: 'reject', reason: 'trade_budget', partnerId: 'o30' });
  });

  it('17. the swap test ignores the direction penalty: a long valued 50 is kept against a long candidate valued 55', () => {
    const plan = anAllocator({ limits: { maxPositions: 1 }, directionConcentrationPenalty: 10 }).allocate(
      [openValued(50, { id: 'o', direction: 'long' })],
      [candidateValued(55, { id: 'c', direction: 'long' })],
      aState(),
    );
    expect(plan.opens).toEqual([]);
    expect(plan.closes).toEqual([]);
    const open = decisionOf(plan, 'o');
    expect(open).toMatchObject({ outcome: 'keep', reason: 'hysteresis_blocked', swapValue: 50, gap: -5 });
    // In the auction it met a long winner: its value carried the penalty the swap test ignores.
    expect(open.terms.directionPenalty).toBe(10);
    expect(open.value).toBe(40);
    expect(decisionOf(plan, 'c')).toMatchObject({ outcome: 'reject', reason: 'hysteresis_blocked', swapValue: 55, value: 55 });
  });
});
