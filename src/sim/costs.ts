// Trading costs (simulator.md §3): fee and slippage per fill, funding per settlement, each a small model.

import type { Decimal } from 'decimal.js';
import seedrandom from 'seedrandom';
import { Money, MONEY_DECIMALS, moneyOf } from './money.js';
import type { SimSettings } from './settings.js';
import type { Bar, FillSide } from './types.js';

const BPS = new Money(10_000);
const EIGHT_HOURS_MS = 8 * 3_600_000;

/** A fill price with its slippage: the price moves against the trade by `slippageBps`. */
export interface PricedFill {
  readonly price: Decimal;
  /** |fill price − reference price| × quantity is the slippage cost; kept per unit here. */
  readonly slippagePerUnit: Decimal;
}

/** Fee per side on fill notional. */
export function feeOn(notional: Decimal, feeBps: number): Decimal {
  return notional.mul(feeBps).div(BPS);
}

/** Slippage in basis points for one order on one bar, by the configured model (jitter added by the caller). */
export function modelSlippageBps(settings: SimSettings, bar: Bar, notional: number): number {
  switch (settings.slippageModel) {
    case 'fixed':
      return settings.slippageBps;
    case 'volume_share': {
      const dollarVolume = bar.volume * bar.close;
      if (!(dollarVolume > 0)) return settings.slippageCapBps;
      const sharePct = (notional / dollarVolume) * 100;
      return Math.min(settings.slippageCapBps, settings.slippageImpactBps * sharePct);
    }
    case 'range': {
      if (!(bar.open > 0)) return 0;
      return ((settings.slippageRangeShare * (bar.high - bar.low)) / bar.open) * 10_000;
    }
  }
}

/** Seeded slippage jitter: one stream for this purpose, so other draws never shift it. */
export class SlippageJitter {
  private readonly rng: seedrandom.PRNG;

  constructor(seed: number, private readonly jitterBps: number) {
    this.rng = seedrandom(`${seed}:slippage`);
  }

  /** A uniform draw in [−jitter, +jitter] bps, rounded to 0.01 bp so the price stays a short decimal. */
  nextBps(): number {
    if (this.jitterBps === 0) return 0;
    return Math.round((this.rng() * 2 - 1) * this.jitterBps * 100) / 100;
  }
}

/** The price paid or received: the reference moved against the trade by `bps` (never below zero). */
export function priceWithSlippage(reference: number, side: FillSide, bps: number): PricedFill {
  const ref = moneyOf(reference);
  const roundedBps = Math.max(0, Math.round(bps * 10_000) / 10_000);
  const move = ref.mul(roundedBps).div(BPS);
  const price = side === 'buy' ? ref.add(move) : Money.max(ref.sub(move), 0);
  return { price, slippagePerUnit: price.sub(ref).abs() };
}

/** Funding paid by a position at one settlement: notional at the mark × rate, longs pay when positive. */
export function fundingPayment(quantity: Decimal, markPrice: number, rate: number, sign: 1 | -1): Decimal {
  return quantity.mul(moneyOf(markPrice)).mul(moneyOf(rate)).mul(sign);
}

/** Flat funding for `elapsedMs` at `bpsPer8h` on the position's mark notional. */
export function flatFundingPayment(quantity: Decimal, markPrice: number, bpsPer8h: number, elapsedMs: number, sign: 1 | -1): Decimal {
  const amount = quantity.mul(moneyOf(markPrice)).mul(moneyOf(bpsPer8h)).div(BPS).mul(elapsedMs).div(EIGHT_HOURS_MS).mul(sign);
  return amount.toDecimalPlaces(MONEY_DECIMALS, Money.ROUND_HALF_EVEN);
}
