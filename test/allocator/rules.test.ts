// Small examples of contract rules the stories do not pin down: the auction's tie-breaks (§6),
// forced closes (§4), the value of a symbol_held candidate (§4) and zero budgets (§7.6).

import { describe, expect, it } from 'vitest';
import { aCandidate, anAllocator, aState, candidateValued, decisionOf, openIds, openValued, verdict } from './builders.js';

describe('the auction’s total order (§6)', () => {
  it('on equal values, the lower required margin wins, whatever the ids', () => {
    const plan = anAllocator({ limits: { maxPositions: 1 } }).allocate(
      [],
      [aCandidate({ id: 'a', score: 50, requiredMargin: 300 }), aCandidate({ id: 'b', score: 50, requiredMargin: 100 })],
      aState(),
    );
    expect(openIds(plan)).toEqual(['b']);
    expect(verdict(plan, 'a')).toBe('reject/slot_cap');
  });

  it('on equal values, a held position ranks before a candidate (no swap even at threshold 0)', () => {
    const plan = anAllocator({ limits: { maxPositions: 1 }, swapThreshold: 0 }).allocate(
      [openValued(50, { id: 'z-open' })],
      [candidateValued(50, { id: 'a-new' })],
      aState(),
    );
    expect(plan.opens).toEqual([]);
    expect(plan.closes).toEqual([]);
    expect(verdict(plan, 'z-open')).toBe('keep/winner');
    expect(verdict(plan, 'a-new')).toBe('reject/slot_cap');
  });

  it('on equal values, the older held position ranks first', () => {
    const plan = anAllocator({ limits: { maxPositions: 1 } }).allocate(
      [openValued(50, { id: 'a', ageMinutes: 100 }), openValued(50, { id: 'b', ageMinutes: 200 })],
      [],
      aState(),
    );
    expect(plan.closes).toEqual(['a']);
    expect(verdict(plan, 'b')).toBe('keep/winner');
    expect(verdict(plan, 'a')).toBe('close/forced_slot_cap');
  });
});

describe('forced closes (§4)', () => {
  it('name the first limit the close relieves, slots before cluster', () => {
    const plan = anAllocator({ limits: { maxPositions: 1, maxPerCluster: 1 } }).allocate(
      [openValued(70, { id: 'x', cluster: 'K' }), openValued(60, { id: 'y', cluster: 'K' })],
      [],
      aState(),
    );
    expect(plan.closes).toEqual(['y']);
    expect(verdict(plan, 'y')).toBe('close/forced_slot_cap');
    expect(verdict(plan, 'x')).toBe('keep/winner');
  });

  it('stop at the first one the trade budget refuses; that position is kept with trade_budget', () => {
    const plan = anAllocator({ limits: { maxPositions: 1 }, maxClosesPerCycle: 1 }).allocate(
      [openValued(70, { id: 'p' }), openValued(60, { id: 'q' }), openValued(50, { id: 'r' })],
      [],
      aState(),
    );
    expect(plan.closes).toEqual(['r']);
    expect(verdict(plan, 'r')).toBe('close/forced_slot_cap');
    expect(verdict(plan, 'q')).toBe('keep/trade_budget');
    expect(verdict(plan, 'p')).toBe('keep/winner');
  });

  it('never touch a locked position, even when it is the weakest', () => {
    const plan = anAllocator({ limits: { maxPositions: 1 } }).allocate(
      [openValued(70, { id: 'p' }), openValued(5, { id: 'young', ageMinutes: 1 })],
      [],
      aState(),
    );
    expect(verdict(plan, 'young')).toBe('keep/locked');
    expect(plan.closes).toEqual(['p']);
    expect(verdict(plan, 'p')).toBe('close/forced_slot_cap');
  });
});

describe('a candidate on a held symbol (§4)', () => {
  it('is valued against the locked positions only', () => {
    const allocator = anAllocator({ directionConcentrationPenalty: 10 });
    const candidates = [
      aCandidate({ id: 'long', symbol: 'ETH/USD', direction: 'long', score: 80 }),
      aCandidate({ id: 'short', symbol: 'eth/usd', direction: 'short', score: 80 }),
    ];
    const locked = allocator.allocate([openValued(48, { id: 'h', symbol: 'ETH/USD', ageMinutes: 5 })], candidates, aState());
    expect(verdict(locked, 'long')).toBe('reject/symbol_held');
    expect(decisionOf(locked, 'long')).toMatchObject({ value: 68, swapValue: 78 });
    expect(decisionOf(locked, 'long').terms.directionPenalty).toBe(10);
    expect(decisionOf(locked, 'short')).toMatchObject({ reason: 'symbol_held', value: 78 });

    const unlocked = allocator.allocate([openValued(48, { id: 'h', symbol: 'ETH/USD' })], candidates, aState());
    expect(decisionOf(unlocked, 'long')).toMatchObject({ reason: 'symbol_held', value: 78 });
    expect(decisionOf(unlocked, 'long').terms.directionPenalty).toBe(0);
  });
});

describe('zero budgets (§7.6)', () => {
  it('no new opens allowed: a lone candidate is rejected trade_budget', () => {
    const plan = anAllocator({ maxNewOpensPerCycle: 0 }).allocate([], [aCandidate({ id: 'c' })], aState());
    expect(plan.opens).toEqual([]);
    expect(verdict(plan, 'c')).toBe('reject/trade_budget');
  });

  it('no trades allowed: a below-floor position is kept trade_budget', () => {
    const plan = anAllocator({ maxTradesPerCycle: 0 }).allocate([openValued(-3, { id: 'o' })], [], aState());
    expect(plan.closes).toEqual([]);
    expect(verdict(plan, 'o')).toBe('keep/trade_budget');
  });
});
