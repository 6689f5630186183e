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

/** One executed order: what the broker did at which price, and what it cost. Money as exact decimal strings. */
export interface Fill {
  readonly cycleTsMs: number;
  readonly fillTsMs: number;
  readonly positionId: string;
  readonly symbol: string;
  readonly side: FillSide;
  readonly action: FillAction;
  readonly quantity: string;
  readonly price: string;
  readonly notional: string;
  readonly fee: string;
  readonly slippageCost: string;
  /** The allocator's reason, or stop / take_profit / end_of_data / bankrupt. */
  readonly reason: string;
}

/** One round trip, written when a position closes. */
export interface TradeRecord {
  readonly positionId: string;
  readonly symbol: string;
  readonly direction: Direction;
  readonly entryTsMs: number;
  readonly exitTsMs: number;
  readonly entryPrice: string;
  readonly exitPrice: string;
  readonly quantity: string;
  readonly grossPnl: string;
  readonly fees: string;
  /** Paid positive, received negative. */
  readonly funding: string;
  readonly netPnl: string;
  readonly pnlR: number;
  readonly holdingMinutes: number;
  readonly exitReason: string;
  readonly entryScore: number;
  readonly cluster: string;
}

/** The book at the close of one cycle, and what that cycle traded and paid. */
export interface CycleRecord {
  readonly tsMs: number;
  readonly equity: string;
  readonly cash: string;
  readonly unrealised: string;
  readonly marginUsed: string;
  readonly positions: number;
  readonly opens: number;
  readonly closes: number;
  readonly swaps: number;
  readonly hysteresisBlocked: number;
  readonly tradedNotional: string;
  readonly fees: string;
  readonly slippage: string;
  readonly funding: string;
}

/** An order the plan issued that found no next bar for its symbol. */
export interface UnfilledOrder {
  readonly cycleTsMs: number;
  readonly positionId: string;
  readonly symbol: string;
  readonly action: 'open' | 'close';
  readonly reason: string;
}

/** How a replay ended. */
export interface ReplayResult {
  readonly cycles: number;
  readonly firstTsMs: number;
  readonly lastTsMs: number;
  readonly bankrupt: boolean;
  readonly unfilledOrders: number;
  readonly initialEquity: string;
  readonly finalEquity: string;
  readonly signalsUsed: number;
  readonly signalsWithoutBar: number;
  /** Every symbol that had a bar, in code-unit order. */
  readonly symbols: readonly string[];
}
