// Properties of markedValue (the ledger's exact per-bar valuation in BigInt):
// 1. markDigits(x) is the decimal decimal.js reads from the double x (its shortest text), for any finite double.
// 2. Σ mark × signed quantity equals the same sum in decimal.js, exactly, for quantities of any scale and marks from
//    1e-12 to 1e15 (tiny ones are written with an exponent). Past that the sum can need more than Money's 100
//    digits, which decimal.js rounds and BigInt does not; no price comes near (money.ts).
// 3. scaledText writes an exact value as decimal.js's toFixed() does, and addScaled adds and subtracts exactly.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addScaled, markDigits, markedValue, scaledOf, scaledText } from '../../src/sim/markedValue.js';
import { Money, ZERO } from '../../src/sim/money.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);

/** Prices as CSVs have them (cents to 8 decimals). */
const csvPriceArb = fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 8 })).map(([n, k]) => n / 10 ** k);
/** Any double at all. */
const markArb = fc.oneof(csvPriceArb, fc.double({ noNaN: true, noDefaultInfinity: true }));
/** Marks a ledger can meet: CSV prices, and any double from 1e-12 to 1e15. */
const ledgerMarkArb = fc.oneof(csvPriceArb, fc.double({ min: 1e-12, max: 1e15, noNaN: true }));

const quantityArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
  .map(([units, scale]) => new Money(`${units}e-${scale}`));

describe('markedValue', () => {
  it('1. reads a double as decimal.js does', () => {
    fc.assert(
      fc.property(markArb, (x) => {
        const { units, scale } = markDigits(x);
        expect(new Money(`${units}e-${scale}`).eq(new Money(x))).toBe(true);
      }),
      { numRuns: numRuns * 10 },
    );
  });

  it('2. sums mark × signed quantity exactly as decimal.js does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(quantityArb, ledgerMarkArb), { maxLength: 12 }), (book) => {
        const positions = book.map(([q, markPrice]) => ({ signedQuantityScaled: scaledOf(q), markPrice }));
        let expected = ZERO;
        for (const [q, mark] of book) expected = expected.add(q.mul(mark));
        const actual = markedValue(positions);
        expect(actual.eq(expected)).toBe(true);
        expect(actual.toFixed()).toBe(expected.toFixed());
      }),
      { numRuns },
    );
  });

  it('takes a price with a binary tail (0.1 + 0.2) at its shortest text, not its binary value', () => {
    const x = 0.1 + 0.2;
    expect(markDigits(x)).toEqual({ units: 30000000000000004n, scale: 17 });
    expect(markDigits(123.45)).toEqual({ units: 12345n, scale: 2 });
    expect(markDigits(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(markDigits(2.5e21)).toEqual({ units: 2500000000000000000000n, scale: 0 });
  });
});

describe('scaled decimals', () => {
  const scaledArb = fc.record({ units: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), scale: fc.integer({ min: 0, max: 30 }) });
  const asMoney = (x: { units: bigint; scale: number }) => new Money(`${x.units}e-${x.scale}`);

  it('3. scaledText is toFixed() of the same value, and addScaled is exact', () => {
    fc.assert(
      fc.property(scaledArb, scaledArb, fc.constantFrom<1 | -1>(1, -1), (a, b, sign) => {
        expect(scaledText(a)).toBe(asMoney(a).toFixed());
        const sum = addScaled(a, b, sign);
        expect(scaledText(sum)).toBe((sign === 1 ? asMoney(a).add(asMoney(b)) : asMoney(a).sub(asMoney(b))).toFixed());
      }),
      { numRuns: numRuns * 5 },
    );
  });

  it('3. on zeros, trailing zeros and values below one', () => {
    for (const [units, scale, text] of [[0n, 5, '0'], [1500n, 3, '1.5'], [-7n, 4, '-0.0007'], [120n, 0, '120'], [-100n, 2, '-1']] as const) {
      expect(scaledText({ units, scale })).toBe(text);
      expect(scaledText({ units, scale })).toBe(new Money(`${units}e-${scale}`).toFixed());
    }
  });
});
