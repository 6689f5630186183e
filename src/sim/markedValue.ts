// Σ mark × signed quantity over the book, exact, in BigInt: the ledger's per-bar valuation without a Decimal per position.

import type { Decimal } from 'decimal.js';
import { Money } from './money.js';

// A long replay values every open position at every bar. With decimal.js that is a Decimal made from each mark (a
// double, through its shortest decimal text) and a product and a sum of Decimals: about 1.5 µs a position. Here
// each mark becomes integer digits and a decimal scale, the products and their sum are BigInts, and one Decimal is
// made per bar. The value is the same exact number: decimal.js reads a double as its shortest decimal text, and so
// does markDigits.

/** An exact decimal: units × 10^−scale. */
export interface ScaledInteger {
  readonly units: bigint;
  readonly scale: number;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const POW10N: bigint[] = [1n];

function pow10n(k: number): bigint {
  while (POW10N.length <= k) POW10N.push(POW10N[POW10N.length - 1]! * 10n);
  return POW10N[k]!;
}

/** A Decimal as units and scale (its plain decimal text, the point removed). */
export function scaledOf(amount: Decimal): ScaledInteger {
  return scaledOfText(amount.toFixed());
}

/** Plain or exponent decimal text (as String(number) or toFixed() write it) as units and scale. */
function scaledOfText(text: string): ScaledInteger {
  const e = text.search(/e/i);
  let mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  let scale = 0;
  if (dot >= 0) {
    scale = mantissa.length - dot - 1;
    mantissa = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  }
  scale -= exponent;
  let units = BigInt(mantissa);
  if (scale < 0) {
    units *= pow10n(-scale);
    scale = 0;
  }
  return { units, scale };
}

/**
 * A double's shortest decimal (the one String(x) writes, and decimal.js reads) as units and scale. A price with up
 * to 8 decimals and 15 significant digits takes the fast path: if N / 10^k is x for an integer N below 10^15, that
 * decimal is the only one of 15 digits or fewer that reads as x (doubles keep 15 digits apart), so it is the shortest.
 */
export function markDigits(x: number): ScaledInteger {
  for (let k = 0; k <= 8; k++) {
    const n = Math.round(x * POW10[k]!);
    if (Math.abs(n) >= 1e15) break;
    if (n / POW10[k]! === x) return { units: BigInt(n), scale: k };
  }
  return scaledOfText(String(x));
}

/** What markedValue reads of a position. */
export interface MarkedPosition {
  /** quantity × sign, exact. */
  readonly signedQuantityScaled: ScaledInteger;
  readonly markPrice: number;
}

/** Σ mark × signed quantity over the positions, exactly. */
export function markedValue(positions: readonly MarkedPosition[]): Decimal {
  const { units, scale } = markedValueScaled(positions);
  return new Money(scale === 0 ? units.toString() : `${units}e-${scale}`);
}

/** Σ mark × signed quantity over the positions, exactly, as units and scale. */
export function markedValueScaled(positions: readonly MarkedPosition[]): ScaledInteger {
  let total = 0n;
  let scale = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    const q = p.signedQuantityScaled;
    const m = markDigits(p.markPrice);
    let term = q.units * m.units;
    const termScale = q.scale + m.scale;
    if (termScale > scale) {
      total *= pow10n(termScale - scale);
      scale = termScale;
    } else if (termScale < scale) term *= pow10n(scale - termScale);
    total += term;
  }
  return { units: total, scale };
}

/** a + sign × b, exactly. */
export function addScaled(a: ScaledInteger, b: ScaledInteger, sign: 1 | -1 = 1): ScaledInteger {
  if (a.scale === b.scale) return { units: a.units + (sign === 1 ? b.units : -b.units), scale: a.scale };
  const scale = Math.max(a.scale, b.scale);
  const au = a.units * pow10n(scale - a.scale);
  const bu = b.units * pow10n(scale - b.scale);
  return { units: au + (sign === 1 ? bu : -bu), scale };
}

/**
 * Plain decimal text of an exact value, as decimal.js's toFixed() writes it: no exponent, no trailing zeros after
 * the point, no point when whole, "-" for negatives, "0" for zero.
 */
export function scaledText(x: ScaledInteger): string {
  const negative = x.units < 0n;
  let digits = (negative ? -x.units : x.units).toString();
  let scale = x.scale;
  if (digits === '0') return '0';
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale--;
  }
  let text: string;
  if (scale === 0) text = digits;
  else if (digits.length > scale) text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  else text = `0.${'0'.repeat(scale - digits.length)}${digits}`;
  return negative ? `-${text}` : text;
}
