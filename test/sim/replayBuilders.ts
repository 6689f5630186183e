// Builders for in-memory replays: bars by day, slices, signals, a recording sink and inputs with test defaults.

import { resolveSettings } from '../../src/allocator/settings.js';
import type { AllocatorOptions, Decision, Direction } from '../../src/allocator/types.js';
import { replay, type ReplayInput, type ReplaySink } from '../../src/sim/replay.js';
import { DEFAULT_SIM_SETTINGS, type SimSettings } from '../../src/sim/settings.js';
import type { Bar, BarSlice, CycleRecord, Fill, FundingRow, ReplayResult, SignalRow, TradeRecord, UnfilledOrder } from '../../src/sim/types.js';

export const T0 = Date.UTC(2024, 0, 1);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The time of day `d` (fractions allowed). */
export const day = (d: number): number => T0 + d * DAY;

/** A bar of `symbol` on day `d`; a single price gives a flat bar. */
export function bar(symbol: string, d: number, open: number, high = open, low = open, close = open, volume = 1_000_000): Bar {
  return { tsMs: day(d), symbol, open, high, low, close, volume };
}

/** Bars grouped into slices by time, each slice in symbol order. */
export function slicesOf(bars: readonly Bar[]): BarSlice[] {
  const byTs = new Map<number, Bar[]>();
  for (const b of bars) {
    const list = byTs.get(b.tsMs) ?? [];
    list.push(b);
    byTs.set(b.tsMs, list);
  }
  return [...byTs.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([tsMs, list]) => ({ tsMs, bars: [...list].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)) }));
}

/** Flat bars for `symbol` on each of `days` at `price`. */
export function flat(symbol: string, days: readonly number[], price: number): Bar[] {
  return days.map((d) => bar(symbol, d, price));
}

export function signal(symbol: string, d: number, direction: Direction, score: number, stopDistancePct = 5, extra: Partial<SignalRow> = {}): SignalRow {
  return { tsMs: day(d), symbol, direction, score, regime: 'r', setupType: 's', stopDistancePct, ...extra };
}

/** Signals sorted as the reader sorts them: by time, then symbol (stable). */
export function sortSignals(signals: readonly SignalRow[]): SignalRow[] {
  return [...signals].sort((a, b) => a.tsMs - b.tsMs || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** Every record a replay sends, in the order it sent them. */
export class Recorder implements ReplaySink {
  readonly fills: Fill[] = [];
  readonly trades: TradeRecord[] = [];
  readonly cycles: CycleRecord[] = [];
  readonly decisionBatches: { tsMs: number; decisions: readonly Decision[] }[] = [];
  readonly unfilledOrders: UnfilledOrder[] = [];

  fill(fill: Fill): void {
    this.fills.push(fill);
  }
  trade(trade: TradeRecord): void {
    this.trades.push(trade);
  }
  cycle(cycle: CycleRecord): void {
    this.cycles.push(cycle);
  }
  decisions(tsMs: number, decisions: readonly Decision[]): void {
    this.decisionBatches.push({ tsMs, decisions: structuredClone(decisions) });
  }
  unfilled(order: UnfilledOrder): void {
    this.unfilledOrders.push(order);
  }
}

export interface Setup {
  readonly bars: readonly Bar[];
  readonly signals?: readonly SignalRow[];
  readonly funding?: readonly FundingRow[];
  readonly sim?: Partial<SimSettings>;
  /** Allocator options over the test defaults (no direction penalty, no min hold). */
  readonly allocator?: AllocatorOptions;
  readonly auctionModeEnabled?: boolean;
  readonly seed?: number;
}

/** Test defaults: 100 000 equity, 0.5 % risk, 10 % cap, fees 5 bp, fixed slippage 2 bp. */
export function inputOf(s: Setup): ReplayInput {
  return {
    prices: slicesOf(s.bars),
    signals: sortSignals(s.signals ?? []),
    funding: [...(s.funding ?? [])].sort((a, b) => a.tsMs - b.tsMs || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)),
    allocator: resolveSettings({ directionConcentrationPenalty: 0, minHoldMinutes: 0, ...s.allocator }),
    auctionModeEnabled: s.auctionModeEnabled ?? true,
    sim: { ...DEFAULT_SIM_SETTINGS, ...s.sim },
    seed: s.seed ?? 1,
  };
}

export async function run(s: Setup): Promise<{ rec: Recorder; result: ReplayResult }> {
  const rec = new Recorder();
  const result = await replay(inputOf(s), rec);
  return { rec, result };
}

/** mulberry32: a small seeded generator, so the generated market is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
