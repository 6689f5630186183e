// The typed rows of a run folder (manifest, fills, trades, cycles, decisions, unfilled): the reader's output, the reports' input.

import type { Decision, Direction, ReasonCode } from '../allocator/types.js';
import type { FillAction, FillSide } from '../sim/types.js';

export type InputRole = 'prices' | 'signals' | 'funding' | 'marks';
export type Policy = 'auction' | 'baseline';

export interface RunInput {
  readonly role: InputRole;
  readonly path: string;
  readonly sha256: string;
}

export interface RunResult {
  readonly cycles: number;
  readonly firstTs: string;
  readonly lastTs: string;
  readonly bankrupt: boolean;
  readonly unfilledOrders: number;
  /** Exact decimal strings, as the ledger wrote them. */
  readonly initialEquity: string;
  readonly finalEquity: string;
}

export interface RunManifest {
  readonly name: string;
  readonly policy: Policy;
  readonly seed: number;
  readonly packageVersion: string;
  /** The resolved settings as written (snake_case), for display. */
  readonly scenario: { readonly risk: Readonly<Record<string, unknown>>; readonly sim: Readonly<Record<string, unknown>> };
  readonly inputs: readonly RunInput[];
  readonly result: RunResult;
}

/** The few settings the metrics need, taken from the manifest (defaults when a key is absent). */
export interface RunSettings {
  readonly maxPositions: number;
  readonly swapThreshold: number;
  readonly entryCost: number;
  readonly exitCost: number;
  readonly minHoldMinutes: number;
  readonly reentryWindowCycles: number;
}

export interface FillRow {
  readonly cycleTs: string;
  readonly cycleMs: number;
  readonly fillTs: string;
  readonly fillMs: number;
  readonly positionId: string;
  readonly symbol: string;
  readonly side: FillSide;
  readonly action: FillAction;
  readonly quantity: number;
  readonly price: number;
  readonly notional: number;
  readonly fee: number;
  readonly slippageCost: number;
  readonly reason: string;
  /** The money cells exactly as written, for exact sums and display. */
  readonly exact: { readonly notional: string; readonly fee: string; readonly slippageCost: string };
}

export interface TradeRow {
  readonly positionId: string;
  readonly symbol: string;
  readonly direction: Direction;
  readonly entryTs: string;
  readonly entryMs: number;
  readonly exitTs: string;
  readonly exitMs: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly grossPnl: number;
  readonly fees: number;
  /** Positive = paid. */
  readonly funding: number;
  readonly netPnl: number;
  readonly pnlR: number;
  readonly holdingMinutes: number;
  readonly exitReason: string;
  readonly entryScore: number;
  readonly cluster: string;
  readonly exact: {
    readonly entryPrice: string;
    readonly exitPrice: string;
    readonly quantity: string;
    readonly grossPnl: string;
    readonly fees: string;
    readonly funding: string;
    readonly netPnl: string;
  };
}

export interface CycleRow {
  readonly ts: string;
  readonly tsMs: number;
  readonly equity: number;
  readonly cash: number;
  readonly unrealised: number;
  readonly marginUsed: number;
  readonly positions: number;
  readonly opens: number;
  readonly closes: number;
  readonly swaps: number;
  readonly hysteresisBlocked: number;
  readonly tradedNotional: number;
  readonly fees: number;
  readonly slippage: number;
  readonly funding: number;
  readonly exact: { readonly funding: string };
}

export interface UnfilledRow {
  readonly cycleTs: string;
  readonly cycleMs: number;
  readonly positionId: string;
  readonly symbol: string;
  readonly action: string;
  readonly reason: string;
}

/** One line of decisions.jsonl.gz, checked. */
export type DecisionRow = Decision & { readonly ts: string; readonly tsMs: number };

/** What the reports need from decisions.jsonl.gz, totalled while streaming it (the file can hold millions of lines). */
export interface DecisionStats {
  /** Valid decision lines. */
  readonly decisions: number;
  /** New candidates with outcome reject, by reason (reasons never seen are absent). */
  readonly rejectedByReason: Readonly<Partial<Record<ReasonCode, number>>>;
  /** Σ gap over hysteresis_blocked decisions that carry a gap, and how many did. */
  readonly blockedGapSum: number;
  readonly blockedWithGap: number;
}

export interface RunData {
  readonly manifest: RunManifest;
  readonly settings: RunSettings;
  readonly fills: readonly FillRow[];
  readonly trades: readonly TradeRow[];
  /** In strictly ascending time order (checked). */
  readonly cycles: readonly CycleRow[];
  /** Totals of decisions.jsonl.gz; null when the run was written without it. */
  readonly decisions: DecisionStats | null;
  /** Empty when unfilled.csv is absent. */
  readonly unfilled: readonly UnfilledRow[];
  /** The baseline replay of the same data, from `baseline/`, when the run has one. */
  readonly baseline: RunData | null;
}
