// Builders of small hand-made RunData for the report tests: only the fields a test cares about, the rest neutral.

import { summariseDecisions } from '../../src/io/runJson.js';
import type { CycleRow, DecisionRow, FillRow, RunData, RunSettings, TradeRow } from '../../src/io/runReader.js';

export const DAY_MS = 86_400_000;
/** 2016-01-04T00:00:00.000Z, a Monday. */
export const T0 = Date.UTC(2016, 0, 4);

export const iso = (ms: number): string => new Date(ms).toISOString();
export const day = (n: number): number => T0 + n * DAY_MS;

export function cycle(tsMs: number, equity: number, extra: Partial<Omit<CycleRow, 'exact'>> = {}): CycleRow {
  const funding = extra.funding ?? 0;
  return {
    ts: iso(tsMs), tsMs, equity, cash: equity, unrealised: 0, marginUsed: 0, positions: 0, opens: 0, closes: 0, swaps: 0,
    hysteresisBlocked: 0, tradedNotional: 0, fees: 0, slippage: 0, ...extra, funding, exact: { funding: String(funding) },
  };
}

export interface FillSpec {
  readonly cycleMs: number;
  readonly fillMs?: number;
  readonly symbol: string;
  readonly action: FillRow['action'];
  readonly side?: FillRow['side'];
  /** Defaults to the open's id for this symbol at `openMs`. */
  readonly positionId?: string;
  readonly openMs?: number;
  readonly notional?: number;
  readonly fee?: number;
  readonly slippageCost?: number;
  readonly reason?: string;
}

export function fill(spec: FillSpec): FillRow {
  const fillMs = spec.fillMs ?? spec.cycleMs;
  const side = spec.side ?? (spec.action === 'open' ? 'buy' : 'sell');
  const notional = spec.notional ?? 1000;
  const fee = spec.fee ?? 0;
  const slippageCost = spec.slippageCost ?? 0;
  const direction = (spec.action === 'open') === (side === 'buy') ? 'long' : 'short';
  return {
    cycleTs: iso(spec.cycleMs), cycleMs: spec.cycleMs, fillTs: iso(fillMs), fillMs,
    positionId: spec.positionId ?? `${spec.symbol}:${direction}:${iso(spec.openMs ?? fillMs)}`,
    symbol: spec.symbol, side, action: spec.action, quantity: 1, price: notional, notional, fee, slippageCost,
    reason: spec.reason ?? (spec.action === 'open' ? 'winner' : spec.action),
    exact: { notional: String(notional), fee: String(fee), slippageCost: String(slippageCost) },
  };
}

export function trade(extra: Partial<Omit<TradeRow, 'exact'>> = {}): TradeRow {
  const t = {
    positionId: 'A:long:2016-01-04T00:00:00.000Z', symbol: 'A', direction: 'long' as const, entryTs: iso(T0), entryMs: T0,
    exitTs: iso(day(1)), exitMs: day(1), entryPrice: 100, exitPrice: 100, quantity: 1, grossPnl: 0, fees: 0, funding: 0, netPnl: 0,
    pnlR: 0, holdingMinutes: 1440, exitReason: 'stop', entryScore: 1, cluster: 'c', ...extra,
  };
  return {
    ...t,
    exact: {
      entryPrice: String(t.entryPrice), exitPrice: String(t.exitPrice), quantity: String(t.quantity), grossPnl: String(t.grossPnl),
      fees: String(t.fees), funding: String(t.funding), netPnl: String(t.netPnl),
    },
  };
}

export function decision(tsMs: number, extra: Partial<DecisionRow>): DecisionRow {
  return {
    ts: iso(tsMs), tsMs, kind: 'new', id: 'X', symbol: 'X', outcome: 'reject', reason: 'slot_cap', value: 1, swapValue: 1,
    terms: { base: 1, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: 0 },
    ...extra,
  };
}

export interface RunSpec {
  readonly cycles?: readonly CycleRow[];
  readonly fills?: readonly FillRow[];
  readonly trades?: readonly TradeRow[];
  readonly decisions?: readonly DecisionRow[] | null;
  readonly settings?: Partial<RunSettings>;
  readonly initialEquity?: string;
  readonly finalEquity?: string;
  readonly name?: string;
  readonly policy?: 'auction' | 'baseline';
}

export function makeRun(spec: RunSpec = {}): RunData {
  const cycles = spec.cycles ?? [];
  const initialEquity = spec.initialEquity ?? '100000';
  return {
    manifest: {
      name: spec.name ?? 'test', policy: spec.policy ?? 'auction', seed: 1, packageVersion: '0.0.0',
      scenario: { risk: {}, sim: {} }, inputs: [],
      result: {
        cycles: cycles.length, firstTs: cycles[0]?.ts ?? iso(T0), lastTs: cycles[cycles.length - 1]?.ts ?? iso(T0), bankrupt: false,
        unfilledOrders: 0, initialEquity, finalEquity: spec.finalEquity ?? String(cycles[cycles.length - 1]?.equity ?? initialEquity),
      },
    },
    settings: { maxPositions: 50, swapThreshold: 10, entryCost: 2, exitCost: 2, minHoldMinutes: 15, reentryWindowCycles: 10, ...spec.settings },
    fills: spec.fills ?? [], trades: spec.trades ?? [], cycles, decisions: spec.decisions === null ? null : summariseDecisions(spec.decisions ?? []),
    unfilled: [], baseline: null,
  };
}
