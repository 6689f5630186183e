// The allocator's public API (allocator.md §1, §2, §8, §9): settings and their defaults, input
// validation, the adapters positionToOpenMetadata and createCandidateSignal, plain-data plans and
// the correlation function called only when its penalty is on.

import { describe, expect, it, vi } from 'vitest';
import {
  AllocatorInputError,
  AuctionAllocator,
  createCandidateSignal,
  PortfolioLimits,
  positionToOpenMetadata,
} from '../../src/index.js';
import type {
  AllocationPlan,
  AllocatorOptions,
  CandidateSignal,
  OpenPositionMetadata,
  PortfolioState,
  Position,
} from '../../src/allocator/types.js';
import { REASON_CODES } from '../../src/allocator/types.js';
import { aCandidate, anAllocator, anOpen, aState, candidateValued, NOW_MS, openValued } from './builders.js';

/** Runs `fn`, expects an AllocatorInputError and returns its message. */
function inputErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AllocatorInputError);
    return (error as Error).message;
  }
  throw new Error('expected an AllocatorInputError, nothing was thrown');
}

function allocateError(
  opens: readonly OpenPositionMetadata[],
  candidates: readonly CandidateSignal[],
  state: PortfolioState = aState(),
): string {
  return inputErrorOf(() => anAllocator().allocate(opens, candidates, state));
}

/** Lets a test pass values the types forbid, as a JavaScript caller could. */
function loose<T>(value: T, patch: Record<string, unknown>): T {
  return { ...value, ...patch } as T;
}

describe('settings', () => {
  it('resolves every default of allocator.md §9', () => {
    expect(new AuctionAllocator({}).settings).toEqual({
      limits: { maxPositions: 50, maxMarginUtil: 0.9, maxPerCluster: 12, maxPerSymbol: 1 },
      swapThreshold: 10, minHoldMinutes: 15, maxTradesPerCycle: 5, maxNewOpensPerCycle: 5, maxClosesPerCycle: 5,
      entryCost: 2, exitCost: 2, minValue: 0, pnlBonusPerR: 5, trendBonusPerR: 0, trendCapR: 3,
      timeDecayPerHour: 0, timeDecayGraceHours: 24, directionConcentrationPenalty: 10,
      clusterConcentrationPenalty: 0, correlationPenalty: 0, symbolAliases: {},
    });
  });

  it('keeps an explicit 0 and merges partial limits with the defaults', () => {
    const s = new AuctionAllocator({ entryCost: 0, swapThreshold: 0, limits: { maxPerCluster: 3, maxNetLong: 0 } }).settings;
    expect(s.entryCost).toBe(0);
    expect(s.swapThreshold).toBe(0);
    expect(s.exitCost).toBe(2);
    expect(s.limits).toMatchObject({ maxPositions: 50, maxMarginUtil: 0.9, maxPerCluster: 3, maxPerSymbol: 1, maxNetLong: 0 });
  });

  it('PortfolioLimits fills in the defaults of the limits not given', () => {
    expect(PortfolioLimits({})).toEqual({ maxPositions: 50, maxMarginUtil: 0.9, maxPerCluster: 12, maxPerSymbol: 1 });
    expect(PortfolioLimits({ maxPositions: 7, maxNetShort: 500 })).toEqual({
      maxPositions: 7, maxMarginUtil: 0.9, maxPerCluster: 12, maxPerSymbol: 1, maxNetShort: 500,
    });
  });

  const badSettings: [string, AllocatorOptions, string, string][] = [
    ['maxMarginUtil 0', { limits: { maxMarginUtil: 0 } }, 'limits.maxMarginUtil', '0'],
    ['maxMarginUtil 1.5', { limits: { maxMarginUtil: 1.5 } }, 'limits.maxMarginUtil', '1.5'],
    ['a negative limit', { limits: { maxPerCluster: -1 } }, 'limits.maxPerCluster', '-1'],
    ['maxPositions 0', { limits: { maxPositions: 0 } }, 'limits.maxPositions', '0'],
    ['maxPerSymbol 0', { limits: { maxPerSymbol: 0 } }, 'limits.maxPerSymbol', '0'],
    ['a negative net cap', { limits: { maxNetLong: -100 } }, 'limits.maxNetLong', '-100'],
    ['a negative threshold', { swapThreshold: -1 }, 'swapThreshold', '-1'],
    ['a negative cost', { exitCost: -2 }, 'exitCost', '-2'],
    ['a negative penalty', { directionConcentrationPenalty: -10 }, 'directionConcentrationPenalty', '-10'],
    ['a NaN setting', { entryCost: NaN }, 'entryCost', 'NaN'],
    ['an unknown setting key', { swapTreshold: 5 } as AllocatorOptions, 'swapTreshold', ''],
  ];
  for (const [name, options, path, value] of badSettings) {
    it(`rejects ${name}, naming ${path} and the value`, () => {
      const message = inputErrorOf(() => new AuctionAllocator(options));
      expect(message).toContain(path);
      expect(message).toContain(value);
    });
  }

  it('lists every settings issue at once', () => {
    const message = inputErrorOf(
      () =>
        new AuctionAllocator({
          limits: { maxPositions: 0, maxMarginUtil: 1.5 },
          swapThreshold: -3,
          bogusKey: true,
        } as AllocatorOptions),
    );
    for (const part of ['limits.maxPositions', 'limits.maxMarginUtil', '1.5', 'swapThreshold', '-3', 'bogusKey']) {
      expect(message).toContain(part);
    }
  });
});

describe('allocate() input validation', () => {
  it('names a NaN or infinite score with its path and value', () => {
    const nan = allocateError([], [aCandidate({ id: 'c0', score: NaN })]);
    expect(nan).toContain('candidateSignals[0].score');
    expect(nan).toContain('NaN');
    const inf = allocateError([], [aCandidate({ id: 'c0' }), aCandidate({ id: 'c1', score: Infinity })]);
    expect(inf).toContain('candidateSignals[1].score');
    expect(inf).toContain('Infinity');
  });

  it('names a negative margin', () => {
    const message = allocateError([], [aCandidate({ id: 'c0', requiredMargin: -5 })]);
    expect(message).toContain('candidateSignals[0].requiredMargin');
    expect(message).toContain('-5');
    const open = allocateError([anOpen({ id: 'o0', marginUsed: -7 })], []);
    expect(open).toContain('openPositions[0].marginUsed');
    expect(open).toContain('-7');
  });

  it('names an unknown direction', () => {
    const message = allocateError([loose(anOpen({ id: 'o0' }), { direction: 'up' })], []);
    expect(message).toContain('openPositions[0].direction');
    expect(message).toContain('up');
  });

  it('names duplicate ids among open positions', () => {
    const message = allocateError([anOpen({ id: 'dup', symbol: 'A/USD' }), anOpen({ id: 'dup', symbol: 'B/USD' })], []);
    expect(message).toContain('openPositions[1].id');
    expect(message).toContain('dup');
  });

  it('names a candidate whose id equals an open position id', () => {
    const message = allocateError([anOpen({ id: 'same', symbol: 'A/USD' })], [aCandidate({ id: 'same', symbol: 'B/USD' })]);
    expect(message).toContain('candidateSignals[0].id');
    expect(message).toContain('same');
  });

  it('names negative free margin and negative age', () => {
    const margin = allocateError([], [], aState({ availableMargin: -1 }));
    expect(margin).toContain('availableMargin');
    expect(margin).toContain('-1');
    const age = allocateError([anOpen({ id: 'o0', ageMinutes: -3 })], []);
    expect(age).toContain('openPositions[0].ageMinutes');
    expect(age).toContain('-3');
  });
});

describe('positionToOpenMetadata', () => {
  const base: Position = {
    symbol: 'ETH/USD', direction: 'long', quantity: 2, entryPrice: 100, markPrice: 110,
    openedAtMs: NOW_MS - 90 * 60_000, entryScore: 72, cluster: 'tight_smc_ob',
    initialStopDistancePct: 5, marginUsedAtEntry: 400,
  };
  const context = { accountEquity: 10_000, nowMs: NOW_MS, isProtectiveOrdersLive: true };

  it('derives a long position’s pnl in R, its age, and copies the stored metadata', () => {
    const meta = positionToOpenMetadata(base, context);
    expect(meta).toMatchObject({
      id: 'ETH/USD:long', symbol: 'ETH/USD', direction: 'long', cluster: 'tight_smc_ob',
      entryScore: 72, marginUsed: 400, isProtectiveOrdersLive: true,
    });
    expect(meta.currentPnlR).toBeCloseTo(2, 12); // +10 % on a 5 % stop
    expect(meta.ageMinutes).toBe(90);
  });

  it('derives a short position’s pnl in R with the sign flipped', () => {
    const winning = positionToOpenMetadata({ ...base, direction: 'short', markPrice: 90 }, context);
    expect(winning.currentPnlR).toBeCloseTo(2, 12);
    expect(winning.id).toBe('ETH/USD:short');
    const losing = positionToOpenMetadata({ ...base, direction: 'short', markPrice: 104, initialStopDistancePct: 2 }, context);
    expect(losing.currentPnlR).toBeCloseTo(-2, 12);
  });

  it('keeps a stored id and the protective-orders flag', () => {
    const meta = positionToOpenMetadata({ ...base, id: 'pos-17' }, { ...context, isProtectiveOrdersLive: false });
    expect(meta.id).toBe('pos-17');
    expect(meta.isProtectiveOrdersLive).toBe(false);
  });
});

describe('createCandidateSignal', () => {
  const signal = { symbol: 'SOL/USD', direction: 'short' as const, score: 77, regime: 'tight', setupType: 'smc_ob' };

  it('builds the cluster from regime and setup type and a default id', () => {
    const c = createCandidateSignal(signal, { requiredMargin: 250, riskR: 1.5 });
    expect(c).toEqual({
      id: 'SOL/USD:short:tight_smc_ob', symbol: 'SOL/USD', direction: 'short', cluster: 'tight_smc_ob',
      score: 77, requiredMargin: 250, riskR: 1.5,
    });
  });

  it('keeps the signal’s own id', () => {
    expect(createCandidateSignal({ ...signal, id: 'sig-9' }, { requiredMargin: 1, riskR: 1 }).id).toBe('sig-9');
  });
});

/** Fails on undefined values, non-finite numbers and class instances anywhere in the plan. */
function assertPlainData(value: unknown, path: string): void {
  if (value === undefined) throw new Error(`${path} is undefined`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  if (typeof value === 'function') throw new Error(`${path} is a function`);
  if (typeof value !== 'object' || value === null) return;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) throw new Error(`${path} is a class instance`);
  for (const [k, v] of Object.entries(value)) assertPlainData(v, `${path}.${k}`);
}

describe('the plan', () => {
  function richPlan(): AllocationPlan {
    const opens = [
      openValued(10, { id: 'weak' }),
      openValued(-3, { id: 'floor' }),
      openValued(70, { id: 'strong', cluster: 'B' }),
      openValued(65, { id: 'forced', cluster: 'B' }),
      openValued(5, { id: 'young', ageMinutes: 3 }),
      openValued(40, { id: 'blocked' }),
    ];
    const candidates = [
      candidateValued(90, { id: 'star' }),
      candidateValued(45, { id: 'meh' }),
      aCandidate({ id: 'dupsym', symbol: 'STRONG/USD' }),
      candidateValued(-20, { id: 'bad' }),
    ];
    return anAllocator({ limits: { maxPositions: 5, maxPerCluster: 1 }, directionConcentrationPenalty: 10 }).allocate(
      opens,
      candidates,
      aState({ correlation: () => 0.5 }),
    );
  }

  it('is plain, JSON-serialisable data with no undefined values', () => {
    const plan = richPlan();
    assertPlainData(plan, 'plan');
    expect(JSON.parse(JSON.stringify(plan))).toStrictEqual(plan);
  });

  it('has one decision per contender, sorted held before new then by id, and counts every reason', () => {
    const plan = richPlan();
    expect(plan.decisions.map((d) => `${d.kind}:${d.id}`)).toEqual([
      'held:blocked', 'held:floor', 'held:forced', 'held:strong', 'held:weak', 'held:young',
      'new:bad', 'new:dupsym', 'new:meh', 'new:star',
    ]);
    expect(Object.keys(plan.reasons).sort()).toEqual([...REASON_CODES].sort());
    for (const code of REASON_CODES) {
      expect(plan.reasons[code]).toBe(plan.decisions.filter((d) => d.reason === code).length);
    }
  });

  it('keeps the caller’s signals in plan.opens and reports normalised symbols in decisions', () => {
    const candidate = aCandidate({ id: 'c', symbol: 'pf_xbtusd', score: 90 });
    const plan = anAllocator({ symbolAliases: { PF_XBTUSD: 'BTC/USD' } }).allocate([], [candidate], aState());
    expect(plan.opens).toEqual([candidate]);
    expect(plan.decisions[0]?.symbol).toBe('BTC/USD');
  });
});

describe('the correlation function', () => {
  const opens = [openValued(50, { id: 'o1', symbol: 'BTC/USD' }), openValued(40, { id: 'o2', symbol: 'ETH/USD' })];
  const candidates = [candidateValued(60, { id: 'c1', symbol: 'SOL/USD' }), candidateValued(30, { id: 'c2', symbol: 'XRP/USD' })];

  it('is not called when the correlation penalty is 0', () => {
    const correlation = vi.fn(() => 0.9);
    anAllocator({ correlationPenalty: 0 }).allocate(opens, candidates, aState({ correlation }));
    expect(correlation).not.toHaveBeenCalled();
  });

  it('is called, and shows in the terms, when the penalty is on', () => {
    const correlation = vi.fn(() => 0.5);
    const plan = anAllocator({ correlationPenalty: 4 }).allocate(opens, candidates, aState({ correlation }));
    expect(correlation).toHaveBeenCalled();
    // Both longs: every contender after the first winner pays 4 × 0.5.
    const penalties = plan.decisions.map((d) => d.terms.correlationPenalty).sort((a, b) => a - b);
    expect(penalties).toEqual([0, 2, 2, 2]);
  });
});
