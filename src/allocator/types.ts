// The allocator's domain types: what goes into one auction and the plan that comes out.

export type Direction = 'long' | 'short';

/** Hard limits of the book; a plan never breaks one (allocator.md §4). */
export interface PortfolioLimits {
  readonly maxPositions: number;
  /** Share of (free margin + margin in use) the book may use, in (0, 1]. */
  readonly maxMarginUtil: number;
  readonly maxPerCluster: number;
  readonly maxPerSymbol: number;
  /** Σ margin long − Σ margin short may not exceed this (margin units). */
  readonly maxNetLong?: number;
  /** Σ margin short − Σ margin long may not exceed this (margin units). */
  readonly maxNetShort?: number;
}

/** What a bot (or the simulator) holds, with the metadata stored at entry. */
export interface Position {
  readonly symbol: string;
  readonly direction: Direction;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly markPrice: number;
  readonly openedAtMs: number;
  readonly entryScore: number;
  readonly cluster: string;
  /** Risk in % of entry price at entry, > 0. */
  readonly initialStopDistancePct: number;
  readonly marginUsedAtEntry: number;
  /** Optional stable id; default `${symbol}:${direction}`. */
  readonly id?: string;
}

export interface OpenPositionMetadata {
  /** Unique among open positions; default `${symbol}:${direction}`. */
  readonly id: string;
  readonly symbol: string;
  readonly direction: Direction;
  readonly cluster: string;
  readonly entryScore: number;
  readonly currentPnlR: number;
  readonly marginUsed: number;
  readonly ageMinutes: number;
  readonly isProtectiveOrdersLive: boolean;
  /** Price move in the position's direction over the recent window, in R. */
  readonly trendR?: number;
}

export interface CandidateSignal {
  /** Unique among all contenders of one call. */
  readonly id: string;
  readonly symbol: string;
  readonly direction: Direction;
  /** `${regime}_${setupType}`. */
  readonly cluster: string;
  readonly score: number;
  readonly requiredMargin: number;
  readonly riskR: number;
}

/** A strategy's raw signal, before sizing. */
export interface Signal {
  readonly symbol: string;
  readonly direction: Direction;
  readonly score: number;
  readonly regime: string;
  readonly setupType: string;
  readonly id?: string;
}

export interface PortfolioState {
  /** Free margin now, not counting open positions' margin. */
  readonly availableMargin: number;
  readonly accountEquity: number;
  /** Epoch milliseconds, UTC: the only clock the allocator sees. */
  readonly nowMs: number;
  /** Return correlation in [-1, 1]; absent means 0. Called only when its penalty is on. */
  readonly correlation?: (symbolA: string, symbolB: string) => number;
}

export const REASON_CODES = [
  'winner',
  'swap_in',
  'swap_out',
  'hysteresis_blocked',
  'locked',
  'slot_cap',
  'cluster_cap',
  'symbol_cap',
  'symbol_held',
  'margin_cap',
  'net_exposure_cap',
  'below_floor',
  'trade_budget',
  'forced_slot_cap',
  'forced_cluster_cap',
  'forced_symbol_cap',
  'forced_margin_cap',
  'forced_net_exposure_cap',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The hard limits a decision can name, in the order forced closes report them. */
export type LimitReason = 'slot_cap' | 'cluster_cap' | 'symbol_cap' | 'margin_cap' | 'net_exposure_cap';

/** Magnitudes; value = base + pnlBonus + trendBonus − the rest. */
export interface ValueTerms {
  readonly base: number;
  readonly pnlBonus: number;
  readonly trendBonus: number;
  readonly timeDecayPenalty: number;
  readonly directionPenalty: number;
  readonly clusterPenalty: number;
  readonly correlationPenalty: number;
  /** Entry cost (new) or exit cost (held). */
  readonly cost: number;
}

export type DecisionKind = 'held' | 'new';
export type Outcome = 'keep' | 'open' | 'close' | 'reject';

export interface Decision {
  readonly kind: DecisionKind;
  readonly id: string;
  /** Normalised symbol. */
  readonly symbol: string;
  readonly outcome: Outcome;
  readonly reason: ReasonCode;
  /** The value at the moment the auction decided it. */
  readonly value: number;
  /** Value without concentration and correlation penalties. */
  readonly swapValue: number;
  readonly terms: ValueTerms;
  readonly partnerId?: string;
  /** swapValue(new) − swapValue(open) − threshold. */
  readonly gap?: number;
}

export interface AllocationPlan {
  /** In execution order, as the caller gave them. */
  readonly opens: readonly CandidateSignal[];
  /** Ids of open positions to close, in execution order. */
  readonly closes: readonly string[];
  /** Exactly one per input contender: held before new, then id. */
  readonly decisions: readonly Decision[];
  readonly reasons: Readonly<Record<ReasonCode, number>>;
}

/** Every allocator setting; the snake_case keys of config.yaml map one to one (allocator.md §9). */
export interface AllocatorSettings {
  readonly limits: PortfolioLimits;
  readonly swapThreshold: number;
  readonly minHoldMinutes: number;
  readonly maxTradesPerCycle: number;
  readonly maxNewOpensPerCycle: number;
  readonly maxClosesPerCycle: number;
  readonly entryCost: number;
  readonly exitCost: number;
  readonly minValue: number;
  readonly pnlBonusPerR: number;
  readonly trendBonusPerR: number;
  readonly trendCapR: number;
  readonly timeDecayPerHour: number;
  readonly timeDecayGraceHours: number;
  readonly directionConcentrationPenalty: number;
  readonly clusterConcentrationPenalty: number;
  readonly correlationPenalty: number;
  readonly symbolAliases: Readonly<Record<string, string>>;
}

/** What a caller passes to the constructor: any limits and settings; the rest take defaults. */
export type AllocatorOptions = Partial<Omit<AllocatorSettings, 'limits'>> & {
  readonly limits?: Partial<PortfolioLimits>;
};
