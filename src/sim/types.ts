// The simulator's domain types: bars, signals and funding read from CSV, and the records a replay writes.

import type { Direction } from '../allocator/types.js';

/** One OHLCV bar; `tsMs` is the bar's timestamp (epoch ms, UTC), the cycle it closes. */
export interface Bar {
  readonly tsMs: number;
  readonly symbol: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** One row of a signals file. */
export interface SignalRow {
  readonly tsMs: number;
  readonly symbol: string;
  readonly direction: Direction;
  readonly score: number;
  readonly regime: string;
  readonly setupType: string;
  /** Stop distance in % of price, > 0. */
  readonly stopDistancePct: number;
  readonly id?: string;
  readonly takeProfitR?: number;
}

/** One funding settlement: rate per interval, positive means longs pay shorts. */
export interface FundingRow {
  readonly tsMs: number;
  readonly symbol: string;
  readonly rate: number;
}

/** All bars of one timestamp, in symbol order: one cycle of the tape. */
export interface BarSlice {
  readonly tsMs: number;
  readonly bars: readonly Bar[];
}

export type FillAction = 'open' | 'close' | 'stop' | 'take_profit' | 'end_of_data';
export type FillSide = 'buy' | 'sell';
