// Builders for the allocator's example tests, with the defaults of the stories in allocator.md §11:
// 5 slots, swap threshold 10, entry and exit cost 2, no direction penalty, positions unlocked
// (old and protected) and flat. `value` builds a contender by its value (allocator.md §3) under
// these defaults: an open valued 48 has entry score 50, a candidate valued 88 has score 90.

import { AuctionAllocator } from '../../src/index.js';
import type {
  AllocationPlan,
  AllocatorOptions,
  CandidateSignal,
  Decision,
  OpenPositionMetadata,
  PortfolioState,
} from '../../src/allocator/types.js';

export const STORY_ENTRY_COST = 2;
export const STORY_EXIT_COST = 2;
/** The default pnl bonus per R (allocator.md §9). */
export const STORY_PNL_BONUS_PER_R = 5;
export const NOW_MS = Date.UTC(2024, 0, 15, 12, 0, 0);

/** The stories' settings; anything given overrides them, and `limits` is merged key by key. */
export const STORY_OPTIONS: AllocatorOptions = {
  limits: { maxPositions: 5 },
  swapThreshold: 10,
  entryCost: STORY_ENTRY_COST,
  exitCost: STORY_EXIT_COST,
  directionConcentrationPenalty: 0,
};

export function storyOptions(overrides: AllocatorOptions = {}): AllocatorOptions {
  return {
    ...STORY_OPTIONS,
    ...overrides,
    limits: { ...STORY_OPTIONS.limits, ...overrides.limits },
  };
}

export function anAllocator(overrides: AllocatorOptions = {}): AuctionAllocator {
  return new AuctionAllocator(storyOptions(overrides));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type OpenSpec = Partial<Mutable<OpenPositionMetadata>> & {
  /** Target value (allocator.md §3); sets entryScore = value + exitCost − pnlBonusPerR × currentPnlR. */
  value?: number;
  /** Exit cost the target value assumes; default 2. */
  exitCost?: number;
  /** Pnl bonus per R the target value assumes; default 5. */
  pnlBonusPerR?: number;
};

/** An open position: unlocked (age 10 000 min, protected), flat, margin 100, symbol derived from its id. */
export function anOpen(spec: OpenSpec = {}): OpenPositionMetadata {
  const { value, exitCost = STORY_EXIT_COST, pnlBonusPerR = STORY_PNL_BONUS_PER_R, ...fields } = spec;
  const id = fields.id ?? 'o1';
  const currentPnlR = fields.currentPnlR ?? 0;
  const entryScore =
    value === undefined ? (fields.entryScore ?? 60) : value + exitCost - pnlBonusPerR * currentPnlR;
  const open: Mutable<OpenPositionMetadata> = {
    id,
    symbol: fields.symbol ?? `${id.toUpperCase()}/USD`,
    direction: fields.direction ?? 'long',
    cluster: fields.cluster ?? 'tight_smc_ob',
    entryScore,
    currentPnlR,
    marginUsed: fields.marginUsed ?? 100,
    ageMinutes: fields.ageMinutes ?? 10_000,
    isProtectiveOrdersLive: fields.isProtectiveOrdersLive ?? true,
  };
  if (fields.trendR !== undefined) open.trendR = fields.trendR;
  return open;
}

export type CandidateSpec = Partial<Mutable<CandidateSignal>> & {
  /** Target value (allocator.md §3) before penalties; sets score = value + entryCost. */
  value?: number;
  /** Entry cost the target value assumes; default 2. */
  entryCost?: number;
};

/** A candidate signal: margin 100, risk 1 R, symbol derived from its id. */
export function aCandidate(spec: CandidateSpec = {}): CandidateSignal {
  const { value, entryCost = STORY_ENTRY_COST, ...fields } = spec;
  const id = fields.id ?? 'c1';
  return {
    id,
    symbol: fields.symbol ?? `${id.toUpperCase()}/USD`,
    direction: fields.direction ?? 'long',
    cluster: fields.cluster ?? 'tight_smc_ob',
    score: value === undefined ? (fields.score ?? 80) : value + entryCost,
    requiredMargin: fields.requiredMargin ?? 100,
    riskR: fields.riskR ?? 1,
  };
}

/** An open position by its target value. */
export function openValued(value: number, spec: OpenSpec = {}): OpenPositionMetadata {
  return anOpen({ ...spec, value });
}

/** A candidate by its target value (before concentration and correlation penalties). */
export function candidateValued(value: number, spec: CandidateSpec = {}): CandidateSignal {
  return aCandidate({ ...spec, value });
}

/** Plenty of free margin, so that margin never binds unless a story says so. */
export function aState(overrides: Partial<PortfolioState> = {}): PortfolioState {
  return { availableMargin: 100_000, accountEquity: 100_000, nowMs: NOW_MS, ...overrides };
}

/** The decision for one contender; fails loudly if there is none or more than one. */
export function decisionOf(plan: AllocationPlan, id: string): Decision {
  const found = plan.decisions.filter((d) => d.id === id);
  if (found.length !== 1) throw new Error(`expected exactly one decision for ${id}, found ${found.length}`);
  return found[0] as Decision;
}

/** The ids of the plan's opens, in execution order. */
export function openIds(plan: AllocationPlan): string[] {
  return plan.opens.map((c) => c.id);
}

/** outcome/reason of a contender, for compact assertions. */
export function verdict(plan: AllocationPlan, id: string): string {
  const d = decisionOf(plan, id);
  return `${d.outcome}/${d.reason}`;
}
