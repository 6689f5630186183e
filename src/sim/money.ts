// Money: the one configured Decimal of the simulator, so every amount rounds the same way.

import { Decimal } from 'decimal.js';

/** 34 significant digits, half-even: far past any price × quantity a replay meets, so sums stay exact. */
export const Money = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
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
