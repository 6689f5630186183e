// The broker: turns orders into fills at a bar's open, and stops and take profits into fills on a bar's range.

import type { Decimal } from 'decimal.js';
import type { Direction } from '../allocator/types.js';
import type { SlippageJitter } from './costs.js';
import { feeOn, modelSlippageBps, priceWithSlippage } from './costs.js';
import type { Ledger, LedgerPosition, NewPosition } from './ledger.js';
import { Money, moneyText } from './money.js';
import type { SimSettings } from './settings.js';
import type { Bar, Fill, FillAction, FillSide, TradeRecord } from './types.js';

/** An order to open, as the plan issued it and sizing priced it. */
export interface OpenOrder {
  readonly cycleTsMs: number;
  readonly positionId: string;
  readonly symbol: string;
  readonly direction: Direction;
  readonly notional: number;
  readonly entryScore: number;
  readonly cluster: string;
  readonly stopDistancePct: number;
  readonly takeProfitR: number | null;
  readonly reason: string;
}

/** An order to close a held position. */
export interface CloseOrder {
  readonly cycleTsMs: number;
  readonly positionId: string;
  readonly symbol: string;
  readonly reason: string;
}

/** What one fill did to the book, for the cycle's counters. */
export interface FillOutcome {
  readonly fill: Fill;
  readonly trade?: TradeRecord;
  /** The fill's money as Decimals, for the cycle's totals (the record holds their text). */
  readonly notional: Decimal;
  readonly fee: Decimal;
  readonly slippageCost: Decimal;
}

const QUANTITY_DECIMALS = 8;

function sideToOpen(direction: Direction): FillSide {
  return direction === 'long' ? 'buy' : 'sell';
}

function sideToClose(direction: Direction): FillSide {
  return direction === 'long' ? 'sell' : 'buy';
}

export class Broker {
  constructor(
    private readonly ledger: Ledger,
    private readonly settings: SimSettings,
    private readonly jitter: SlippageJitter,
    private readonly leverage: Decimal = new Money(settings.leverage),
  ) {}

  private slippageBps(bar: Bar, notional: number): number {
    return modelSlippageBps(this.settings, bar, notional) + this.jitter.nextBps();
  }

  /** Fills an open order at the bar's open; null when the quantity rounds to nothing. */
  open(order: OpenOrder, bar: Bar): FillOutcome | null {
    const side = sideToOpen(order.direction);
    const { price, slippagePerUnit } = priceWithSlippage(bar.open, side, this.slippageBps(bar, order.notional));
    if (price.lte(0)) return null;
    const quantity = new Money(order.notional).div(price).toDecimalPlaces(QUANTITY_DECIMALS, Money.ROUND_DOWN);
    if (quantity.lte(0)) return null;
    const notional = quantity.mul(price);
    const fee = feeOn(notional, this.settings.feeBps);
    const slippageCost = slippagePerUnit.mul(quantity);
    const sign = order.direction === 'long' ? 1 : -1;
    const entry = price.toNumber();
    const stopFraction = order.stopDistancePct / 100;
    const position: NewPosition = {
      id: order.positionId,
      symbol: order.symbol,
      direction: order.direction,
      sign,
      quantity,
      entryPrice: price,
      entryTsMs: bar.tsMs,
      entryScore: order.entryScore,
      cluster: order.cluster,
      stopDistancePct: order.stopDistancePct,
      stopPrice: entry * (1 - sign * stopFraction),
      takeProfitPrice: order.takeProfitR === null ? null : entry * (1 + sign * order.takeProfitR * stopFraction),
      marginUsed: notional.div(this.leverage),
      riskMoney: notional.mul(order.stopDistancePct).div(100),
    };
    this.ledger.openPosition(position, fee, slippageCost, bar.close);
    return {
      fill: this.fillRecord(order.cycleTsMs, bar.tsMs, order.positionId, order.symbol, side, 'open', quantity, price, notional, fee, slippageCost, order.reason),
      notional,
      fee,
      slippageCost,
    };
  }

  /** Closes a held position at `reference` (the open, a stop level or a close), paying slippage and fee. */
  close(
    cycleTsMs: number,
    positionId: string,
    bar: Bar,
    reference: number,
    action: FillAction,
    reason: string,
  ): FillOutcome {
    const p = this.ledger.position(positionId);
    if (p === undefined) throw new Error(`close of ${positionId}, which is not open`);
    const side = sideToClose(p.direction);
    const referenceNotional = p.quantity.toNumber() * reference;
    const { price, slippagePerUnit } = priceWithSlippage(reference, side, this.slippageBps(bar, referenceNotional));
    const notional = p.quantity.mul(price);
    const fee = feeOn(notional, this.settings.feeBps);
    const slippageCost = slippagePerUnit.mul(p.quantity);
    const trade = this.ledger.closePosition(positionId, price, bar.tsMs, fee, slippageCost, reason);
    return {
      fill: this.fillRecord(cycleTsMs, bar.tsMs, positionId, p.symbol, side, action, p.quantity, price, notional, fee, slippageCost, reason),
      trade,
      notional,
      fee,
      slippageCost,
    };
  }

  /**
   * The protective exit a bar triggers for a position, if any: the stop wins when both levels are touched,
   * and a gap through a level fills at the open.
   */
  protectiveExit(p: LedgerPosition, bar: Bar): { readonly action: 'stop' | 'take_profit'; readonly reference: number } | null {
    const long = p.sign === 1;
    const stopHit = long ? bar.low <= p.stopPrice : bar.high >= p.stopPrice;
    if (stopHit) {
      const gapped = long ? bar.open <= p.stopPrice : bar.open >= p.stopPrice;
      return { action: 'stop', reference: gapped ? bar.open : p.stopPrice };
    }
    const tp = p.takeProfitPrice;
    if (tp !== null && (long ? bar.high >= tp : bar.low <= tp)) {
      const gapped = long ? bar.open >= tp : bar.open <= tp;
      return { action: 'take_profit', reference: gapped ? bar.open : tp };
    }
    return null;
  }

  private fillRecord(
    cycleTsMs: number,
    fillTsMs: number,
    positionId: string,
    symbol: string,
    side: FillSide,
    action: FillAction,
    quantity: Decimal,
    price: Decimal,
    notional: Decimal,
    fee: Decimal,
    slippageCost: Decimal,
    reason: string,
  ): Fill {
    return {
      cycleTsMs,
      fillTsMs,
      positionId,
      symbol,
      side,
      action,
      quantity: moneyText(quantity),
      price: moneyText(price),
      notional: moneyText(notional),
      fee: moneyText(fee),
      slippageCost: moneyText(slippageCost),
      reason,
    };
  }
}
