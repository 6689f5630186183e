// The ledger: open positions, cash, realised and unrealised PnL, fees and funding in Decimal, and its identity.

import type { Decimal } from 'decimal.js';
import type { Direction } from '../allocator/types.js';
import { addScaled, markedValue, markedValueScaled, scaledOf, scaledText, type ScaledInteger } from './markedValue.js';
import { moneyText, ZERO } from './money.js';
import type { TradeRecord } from './types.js';

/** A position the ledger holds, with what was stored at entry. */
export interface LedgerPosition {
  readonly id: string;
  readonly symbol: string;
  readonly direction: Direction;
  readonly sign: 1 | -1;
  readonly quantity: Decimal;
  readonly entryPrice: Decimal;
  readonly entryTsMs: number;
  readonly entryScore: number;
  readonly cluster: string;
  readonly stopDistancePct: number;
  readonly stopPrice: number;
  readonly takeProfitPrice: number | null;
  readonly marginUsed: Decimal;
  /** Money at risk at entry (notional × stop distance), the R of pnl_r. */
  readonly riskMoney: Decimal;
  markPrice: number;
  entryFee: Decimal;
  funding: Decimal;
  /** quantity × sign: the position's exposure per unit of price. */
  readonly signedQuantity: Decimal;
  /** The same, as integer units and a decimal scale, for the per-bar valuation. */
  readonly signedQuantityScaled: ScaledInteger;
  /** Plain-number copies for the auction's inputs, which decide nothing about money. */
  readonly entryPriceNumber: number;
  readonly quantityNumber: number;
  readonly marginNumber: number;
}

export type NewPosition = Omit<
  LedgerPosition,
  'markPrice' | 'entryFee' | 'funding' | 'signedQuantity' | 'signedQuantityScaled' | 'entryPriceNumber' | 'quantityNumber' | 'marginNumber'
>;

/** The book marked to market at a bar, as the cycle record needs it: the exact amounts as text, and equity's sign and double. */
export interface MarkedBook {
  readonly unrealisedText: string;
  readonly equityText: string;
  /** Equity as the double nearest to it (what Decimal's toNumber gives). */
  readonly equityNumber: number;
  readonly equityPositive: boolean;
}

/** Below this many digits nothing the Decimal path computes is rounded (Money keeps 100), so BigInt gives its bits. */
const EXACT_LIMIT = 10n ** 95n;

function withinExactLimit(x: ScaledInteger): boolean {
  return x.units < EXACT_LIMIT && x.units > -EXACT_LIMIT;
}

/** Thrown when equity ≠ initial + realised − fees − funding + unrealised: a bug, never bad input. */
export class LedgerIdentityError extends Error {
  constructor(tsMs: number, equity: Decimal, expected: Decimal) {
    super(
      `ledger identity broken at cycle ${new Date(tsMs).toISOString()}: equity ${moneyText(equity)} ≠ ` +
        `initial + realised − fees − funding + unrealised = ${moneyText(expected)}`,
    );
    this.name = 'LedgerIdentityError';
  }
}

export class Ledger {
  readonly initialEquity: Decimal;
  private cashBalance: Decimal;
  private realisedTotal: Decimal = ZERO;
  private feesTotal: Decimal = ZERO;
  private fundingTotal: Decimal = ZERO;
  private slippageTotal: Decimal = ZERO;
  private marginTotal: Decimal = ZERO;
  /** Σ entry price × signed quantity of the open positions: unrealised = Σ mark × signed quantity − this. */
  private costBasis: Decimal = ZERO;
  private readonly open = new Map<string, LedgerPosition>();
  /** The book in id order, rebuilt only after an open or a close. */
  private sorted: LedgerPosition[] | null = [];
  /** initial + realised − fees − funding, or null after one of them changed. */
  private cashExpected: Decimal | null = null;
  /** marginUsedNumber, and the Decimal it was read from (Decimals are immutable: the same one, the same double). */
  private marginNumber = 0;
  private marginNumberOf: Decimal | null = null;
  /** Cash and cost basis as units and scale, or null after they changed. */
  private cashScaled: ScaledInteger | null = null;
  private costBasisScaled: ScaledInteger | null = null;

  constructor(initialEquity: Decimal) {
    this.initialEquity = initialEquity;
    this.cashBalance = initialEquity;
  }

  get cash(): Decimal {
    return this.cashBalance;
  }
  get realised(): Decimal {
    return this.realisedTotal;
  }
  get fees(): Decimal {
    return this.feesTotal;
  }
  get funding(): Decimal {
    return this.fundingTotal;
  }
  get slippage(): Decimal {
    return this.slippageTotal;
  }
  get marginUsed(): Decimal {
    return this.marginTotal;
  }
  /** Margin used as a double, for the auction's inputs (which decide nothing about money); kept until it changes. */
  get marginUsedNumber(): number {
    if (this.marginNumberOf !== this.marginTotal) {
      this.marginNumber = this.marginTotal.toNumber();
      this.marginNumberOf = this.marginTotal;
    }
    return this.marginNumber;
  }
  get size(): number {
    return this.open.size;
  }

  position(id: string): LedgerPosition | undefined {
    return this.open.get(id);
  }

  /** Open positions in id order, so every walk over the book is the same whatever the history. */
  positions(): readonly LedgerPosition[] {
    this.sorted ??= [...this.open.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.sorted;
  }

  /** Books an opening fill: the fee leaves cash now; slippage is already in the entry price. */
  openPosition(p: NewPosition, fee: Decimal, slippageCost: Decimal, markPrice: number): void {
    if (this.open.has(p.id)) throw new Error(`position ${p.id} is already open`);
    const signedQuantity = p.quantity.mul(p.sign);
    this.open.set(p.id, {
      ...p,
      markPrice,
      entryFee: fee,
      funding: ZERO,
      signedQuantity,
      signedQuantityScaled: scaledOf(signedQuantity),
      entryPriceNumber: p.entryPrice.toNumber(),
      quantityNumber: p.quantity.toNumber(),
      marginNumber: p.marginUsed.toNumber(),
    });
    this.costBasis = this.costBasis.add(p.entryPrice.mul(signedQuantity));
    this.sorted = null;
    this.cashExpected = null;
    this.cashScaled = null;
    this.costBasisScaled = null;
    this.cashBalance = this.cashBalance.sub(fee);
    this.feesTotal = this.feesTotal.add(fee);
    this.slippageTotal = this.slippageTotal.add(slippageCost);
    this.marginTotal = this.marginTotal.add(p.marginUsed);
  }

  /** Books a closing fill and returns the round trip. */
  closePosition(id: string, exitPrice: Decimal, exitTsMs: number, fee: Decimal, slippageCost: Decimal, exitReason: string): TradeRecord {
    const p = this.open.get(id);
    if (p === undefined) throw new Error(`position ${id} is not open`);
    const gross = exitPrice.sub(p.entryPrice).mul(p.quantity).mul(p.sign);
    this.open.delete(id);
    this.sorted = null;
    this.cashExpected = null;
    this.cashScaled = null;
    this.costBasisScaled = null;
    this.costBasis = this.costBasis.sub(p.entryPrice.mul(p.signedQuantity));
    this.realisedTotal = this.realisedTotal.add(gross);
    this.cashBalance = this.cashBalance.add(gross).sub(fee);
    this.feesTotal = this.feesTotal.add(fee);
    this.slippageTotal = this.slippageTotal.add(slippageCost);
    this.marginTotal = this.marginTotal.sub(p.marginUsed);
    const fees = p.entryFee.add(fee);
    const net = gross.sub(fees).sub(p.funding);
    return {
      positionId: p.id,
      symbol: p.symbol,
      direction: p.direction,
      entryTsMs: p.entryTsMs,
      exitTsMs,
      entryPrice: moneyText(p.entryPrice),
      exitPrice: moneyText(exitPrice),
      quantity: moneyText(p.quantity),
      grossPnl: moneyText(gross),
      fees: moneyText(fees),
      funding: moneyText(p.funding),
      netPnl: moneyText(net),
      pnlR: p.riskMoney.isZero() ? 0 : net.div(p.riskMoney).toNumber(),
      holdingMinutes: (exitTsMs - p.entryTsMs) / 60_000,
      exitReason,
      entryScore: p.entryScore,
      cluster: p.cluster,
    };
  }

  /** Charges funding to one position (paid positive, received negative). */
  chargeFunding(id: string, amount: Decimal): void {
    const p = this.open.get(id);
    if (p === undefined) throw new Error(`position ${id} is not open`);
    p.funding = p.funding.add(amount);
    this.fundingTotal = this.fundingTotal.add(amount);
    this.cashExpected = null;
    this.cashScaled = null;
    this.costBasisScaled = null;
    this.cashBalance = this.cashBalance.sub(amount);
  }

  /** Marks every position at its symbol's latest price (a symbol without a price keeps its mark). */
  markAll(priceOf: (symbol: string) => number | undefined): void {
    for (const p of this.open.values()) {
      const price = priceOf(p.symbol);
      if (price !== undefined) p.markPrice = price;
    }
  }

  /**
   * Σ (mark − entry) × quantity × sign, as Σ mark × signed quantity − cost basis: the same exact number
   * (nothing is rounded at this precision), with the sum over the book in BigInt (markedValue.ts).
   */
  unrealised(): Decimal {
    return markedValue(this.positions()).sub(this.costBasis);
  }

  /**
   * unrealised() and equity() at once, as text, computed in BigInt: the book's marked value, less the cost basis,
   * plus cash. Every bar of a replay records them; the Decimal path made, parsed and printed four Decimals a bar.
   * Past 95 digits (never met in practice) it takes the Decimal path, which then rounds as Money does.
   */
  markToMarket(): MarkedBook {
    this.cashScaled ??= scaledOf(this.cashBalance);
    this.costBasisScaled ??= scaledOf(this.costBasis);
    const marked = markedValueScaled(this.positions());
    const unrealised = addScaled(marked, this.costBasisScaled, -1);
    const equity = addScaled(this.cashScaled, unrealised);
    if (!(withinExactLimit(marked) && withinExactLimit(unrealised) && withinExactLimit(equity))) {
      const u = this.unrealised();
      const e = this.equity(u);
      return { unrealisedText: moneyText(u), equityText: moneyText(e), equityNumber: e.toNumber(), equityPositive: e.gt(0) };
    }
    const equityText = scaledText(equity);
    return { unrealisedText: scaledText(unrealised), equityText, equityNumber: Number(equityText), equityPositive: equity.units > 0n };
  }

  /** Equity = cash + unrealised. */
  equity(unrealised: Decimal = this.unrealised()): Decimal {
    return this.cashBalance.add(unrealised);
  }

  /**
   * Checks equity = initial + realised − fees − funding + unrealised, exactly; throws LedgerIdentityError if not.
   * Both sides add the same unrealised PnL, and nothing rounds at Money's precision, so the identity holds exactly
   * when cash = initial + realised − fees − funding: that is what is compared, with the right side recomputed
   * only after a fill or a funding charge moved one of its terms (most bars move none).
   */
  checkIdentity(tsMs: number, unrealised?: Decimal): void {
    this.cashExpected ??= this.initialEquity.add(this.realisedTotal).sub(this.feesTotal).sub(this.fundingTotal);
    if (this.cashBalance.eq(this.cashExpected)) return;
    const u = unrealised ?? this.unrealised();
    throw new LedgerIdentityError(tsMs, this.equity(u), this.cashExpected.add(u));
  }
}
