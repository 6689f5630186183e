// Money: the one configured Decimal of the simulator, so every amount rounds the same way.

import { Decimal } from 'decimal.js';

/**
 * 100 significant digits, half-even. Prices are doubles taken at their shortest decimal (up to 17 digits),
 * quantities have 8 decimals and rates a handful, so every product and sum the ledger forms has well under
 * 100 digits: nothing is rounded, and the ledger identity holds exactly. The only divisions that do not
 * terminate (flat funding over elapsed time) are rounded to MONEY_DECIMALS where the amount is made.
 */
export const Money = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });

/** Decimal places of an amount that had to be rounded when it was made. */
export const MONEY_DECIMALS = 12;
export type Money = Decimal;

export const ZERO = new Money(0);

/** A money amount as plain decimal text (never exponent notation), for CSV and JSON. */
export function moneyText(amount: Decimal): string {
  return amount.toFixed();
}

/** Money from a double read off a CSV: the shortest decimal that reads back as that double. */
export function moneyOf(x: number): Decimal {
  return new Money(x);
}
