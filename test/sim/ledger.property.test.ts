// Proves the ledger's invariants (simulator.md §4) on random sequences of opens, closes, funding charges and marks:
//   L1 after every step `checkIdentity` holds (equity = initial + realised − fees − funding + unrealised, exactly);
//   L2 independently of the ledger's own totals: equity = initial + Σ net PnL of closed trades
//      + Σ over open positions (unrealised at the mark − entry fee − funding), computed here from the records;
//   L3 fees total = Σ fill fees; funding total = Σ charges; slippage total = Σ fill slippage;
//      margin used = Σ margin of open positions;
//   L4 each round trip's gross, fees, funding and net PnL are what this file computes from its fills;
//   L5 closing everything leaves unrealised 0, margin 0, no positions, and equity = initial + Σ net PnL.
//   L6 markToMarket (the replay's per-bar path, in BigInt) gives exactly the text of unrealised() and equity(),
//      equity's double and its sign.

import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../src/allocator/types.js';
import { Ledger, LedgerIdentityError, type NewPosition } from '../../src/sim/ledger.js';
import { Money } from '../../src/sim/money.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);

/** This file's own arithmetic: a separate, wider Decimal, so nothing is shared with the ledger's Money. */
const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN });
type Exact = Decimal;
const x = (v: number | string | Decimal): Exact => new Exact(typeof v === 'object' ? v.toFixed() : v);

const SYMBOLS = ['AAA', 'BBB', 'CCC'] as const;

/** Short decimals: prices with 2 places, quantities with 3, fees with 2, funding with 2 (signed). */
const priceArb = fc.integer({ min: 1, max: 500_000 }).map((n) => n / 100);
const quantityArb = fc.integer({ min: 1, max: 1_000_000 }).map((n) => n / 1000);
const feeArb = fc.integer({ min: 0, max: 5_000 }).map((n) => n / 100);
const fundingArb = fc.integer({ min: -5_000, max: 5_000 }).map((n) => n / 100);

type Step =
  | { kind: 'open'; symbol: string; direction: Direction; quantity: number; price: number; fee: number; slippage: number; leverage: number }
  | { kind: 'close'; pick: number; price: number; fee: number; slippage: number }
  | { kind: 'funding'; pick: number; amount: number }
  | { kind: 'mark'; symbol: string; price: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    symbol: fc.constantFrom(...SYMBOLS),
    direction: fc.constantFrom<Direction>('long', 'short'),
    quantity: quantityArb,
    price: priceArb,
    fee: feeArb,
    slippage: feeArb,
    leverage: fc.constantFrom(1, 2, 4),
  }),
  fc.record({ kind: fc.constant('close' as const), pick: fc.nat(), price: priceArb, fee: feeArb, slippage: feeArb }),
  fc.record({ kind: fc.constant('funding' as const), pick: fc.nat(), amount: fundingArb }),
  fc.record({ kind: fc.constant('mark' as const), symbol: fc.constantFrom(...SYMBOLS), price: priceArb }),
);

/** What this file knows of a position, from the calls it made. */
interface ModelPosition {
  readonly id: string;
  readonly symbol: string;
  readonly sign: 1 | -1;
  readonly quantity: Exact;
  readonly entry: Exact;
  readonly entryFee: Exact;
  readonly margin: Exact;
  funding: Exact;
  mark: Exact;
}

class Model {
  readonly open = new Map<string, ModelPosition>();
  closedNet: Exact = x(0);
  fees: Exact = x(0);
  funding: Exact = x(0);
  slippage: Exact = x(0);

  constructor(readonly initial: Exact) {}

  unrealisedOf(p: ModelPosition): Exact {
    return p.mark.sub(p.entry).mul(p.quantity).mul(p.sign);
  }

  equity(): Exact {
    let total = this.initial.add(this.closedNet);
    for (const p of this.open.values()) total = total.add(this.unrealisedOf(p)).sub(p.entryFee).sub(p.funding);
    return total;
  }

  unrealised(): Exact {
    let total = x(0);
    for (const p of this.open.values()) total = total.add(this.unrealisedOf(p));
    return total;
  }

  margin(): Exact {
    let total = x(0);
    for (const p of this.open.values()) total = total.add(p.margin);
    return total;
  }
}

function newPosition(id: string, s: Extract<Step, { kind: 'open' }>): NewPosition {
  const sign = s.direction === 'long' ? 1 : -1;
  const quantity = new Money(s.quantity);
  const entryPrice = new Money(s.price);
  const notional = quantity.mul(entryPrice);
  return {
    id,
    symbol: s.symbol,
    direction: s.direction,
    sign,
    quantity,
    entryPrice,
    entryTsMs: 0,
    entryScore: 50,
    cluster: 'c',
    stopDistancePct: 2,
    stopPrice: s.price * (1 - sign * 0.02),
    takeProfitPrice: null,
    marginUsed: notional.div(s.leverage),
    riskMoney: notional.mul(2).div(100),
  };
}

/** Applies one step to the ledger and the model; a close or a charge with nothing open does nothing. */
function apply(ledger: Ledger, model: Model, step: Step, n: number): void {
  const ids = [...model.open.keys()].sort();
  switch (step.kind) {
    case 'open': {
      const id = `p${String(n).padStart(4, '0')}`;
      const p = newPosition(id, step);
      // The mark at entry is the entry price; later marks move it.
      ledger.openPosition(p, new Money(step.fee), new Money(step.slippage), step.price);
      model.open.set(id, {
        id,
        symbol: step.symbol,
        sign: p.sign,
        quantity: x(step.quantity),
        entry: x(step.price),
        entryFee: x(step.fee),
        margin: x(step.quantity).mul(x(step.price)).div(step.leverage),
        funding: x(0),
        mark: x(step.price),
      });
      model.fees = model.fees.add(x(step.fee));
      model.slippage = model.slippage.add(x(step.slippage));
      return;
    }
    case 'close': {
      if (ids.length === 0) return;
      const id = ids[step.pick % ids.length]!;
      const m = model.open.get(id)!;
      const trade = ledger.closePosition(id, new Money(step.price), 1, new Money(step.fee), new Money(step.slippage), 'test');
      const gross = x(step.price).sub(m.entry).mul(m.quantity).mul(m.sign);
      const fees = m.entryFee.add(x(step.fee));
      const net = gross.sub(fees).sub(m.funding);
      // L4: the round trip's record, against this file's arithmetic.
      expect(x(trade.grossPnl).eq(gross), `gross ${trade.grossPnl} ≠ ${gross.toFixed()}`).toBe(true);
      expect(x(trade.fees).eq(fees), `fees ${trade.fees} ≠ ${fees.toFixed()}`).toBe(true);
      expect(x(trade.funding).eq(m.funding), `funding ${trade.funding} ≠ ${m.funding.toFixed()}`).toBe(true);
      expect(x(trade.netPnl).eq(net), `net ${trade.netPnl} ≠ ${net.toFixed()}`).toBe(true);
      model.open.delete(id);
      model.closedNet = model.closedNet.add(net);
      model.fees = model.fees.add(x(step.fee));
      model.slippage = model.slippage.add(x(step.slippage));
      return;
    }
    case 'funding': {
      if (ids.length === 0) return;
      const id = ids[step.pick % ids.length]!;
      ledger.chargeFunding(id, new Money(step.amount));
      const m = model.open.get(id)!;
      m.funding = m.funding.add(x(step.amount));
      model.funding = model.funding.add(x(step.amount));
      return;
    }
    case 'mark': {
      ledger.markAll((symbol) => (symbol === step.symbol ? step.price : undefined));
      for (const p of model.open.values()) if (p.symbol === step.symbol) p.mark = x(step.price);
      return;
    }
  }
}

function expectEq(actual: Decimal, expected: Exact, what: string): void {
  expect(x(actual).eq(expected), `${what}: ledger ${actual.toFixed()} ≠ model ${expected.toFixed()}`).toBe(true);
}

/** L1–L3 after one step. */
function checkBook(ledger: Ledger, model: Model, n: number): void {
  expect(() => ledger.checkIdentity(n)).not.toThrow();
  // L6: the per-bar BigInt path gives the Decimal path's text, double and sign.
  const book = ledger.markToMarket();
  const equity = ledger.equity();
  expect(book.unrealisedText).toBe(ledger.unrealised().toFixed());
  expect(book.equityText).toBe(equity.toFixed());
  expect(Object.is(book.equityNumber, equity.toNumber())).toBe(true);
  expect(book.equityPositive).toBe(equity.gt(0));
  expect(Object.is(ledger.marginUsedNumber, ledger.marginUsed.toNumber())).toBe(true);
  expectEq(ledger.equity(), model.equity(), 'equity');
  expectEq(ledger.unrealised(), model.unrealised(), 'unrealised');
  expectEq(ledger.fees, model.fees, 'fees');
  expectEq(ledger.funding, model.funding, 'funding');
  expectEq(ledger.slippage, model.slippage, 'slippage');
  expectEq(ledger.marginUsed, model.margin(), 'margin used');
  expect(ledger.size).toBe(model.open.size);
  expect(ledger.positions().map((p) => p.id)).toEqual([...model.open.keys()].sort());
}

describe('ledger invariants on random books', () => {
  it('holds the identity and the independent equity, fee, funding and margin sums after every step, and closes flat', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }).map((n) => n / 100),
        fc.array(stepArb, { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(priceArb, feeArb, feeArb), { minLength: 60, maxLength: 60 }),
        (initial, steps, exits) => {
          const ledger = new Ledger(new Money(initial));
          const model = new Model(x(initial));
          checkBook(ledger, model, 0);
          steps.forEach((step, n) => {
            apply(ledger, model, step, n);
            checkBook(ledger, model, n + 1);
          });
          // L5: close everything, one by one.
          let k = 0;
          while (model.open.size > 0) {
            const [price, fee, slippage] = exits[k % exits.length]!;
            apply(ledger, model, { kind: 'close', pick: 0, price, fee, slippage }, steps.length + k);
            checkBook(ledger, model, steps.length + k + 1);
            k += 1;
          }
          expect(ledger.unrealised().isZero()).toBe(true);
          expect(ledger.marginUsed.isZero()).toBe(true);
          expect(ledger.size).toBe(0);
          expectEq(ledger.equity(), model.initial.add(model.closedNet), 'flat equity');
          expectEq(ledger.cash, model.initial.add(model.closedNet), 'flat cash');
        },
      ),
      { numRuns },
    );
  });

  it('refuses to open an id twice or to close, charge an unknown id', () => {
    const ledger = new Ledger(new Money(1000));
    const p = newPosition('a', { kind: 'open', symbol: 'AAA', direction: 'long', quantity: 1, price: 10, fee: 0, slippage: 0, leverage: 1 });
    ledger.openPosition(p, new Money(0), new Money(0), 10);
    expect(() => ledger.openPosition(p, new Money(0), new Money(0), 10)).toThrow(/already open/);
    expect(() => ledger.closePosition('b', new Money(10), 0, new Money(0), new Money(0), 'x')).toThrow(/not open/);
    expect(() => ledger.chargeFunding('b', new Money(1))).toThrow(/not open/);
  });

  it('throws LedgerIdentityError naming the cycle and both sides when cash moves without its books', () => {
    const ledger = new Ledger(new Money(1000));
    const p = newPosition('a', { kind: 'open', symbol: 'AAA', direction: 'long', quantity: 2, price: 10, fee: 1, slippage: 0, leverage: 1 });
    ledger.openPosition(p, new Money(1), new Money(0), 10);
    ledger.markAll(() => 12);
    ledger.checkIdentity(0);
    // A bug that books cash twice, say: cash falls by 0.5 with no fee, funding or PnL behind it.
    const books = ledger as unknown as { cashBalance: Decimal };
    books.cashBalance = books.cashBalance.sub(new Money('0.5'));
    expect(() => ledger.checkIdentity(Date.UTC(2021, 0, 4))).toThrow(LedgerIdentityError);
    expect(() => ledger.checkIdentity(Date.UTC(2021, 0, 4))).toThrow(
      'ledger identity broken at cycle 2021-01-04T00:00:00.000Z: equity 1002.5 ≠ initial + realised − fees − funding + unrealised = 1003',
    );
    // Booked again through the ledger, the identity holds again: nothing stale is compared.
    books.cashBalance = books.cashBalance.add(new Money('0.5'));
    ledger.chargeFunding('a', new Money('0.25'));
    ledger.checkIdentity(1);
    books.cashBalance = books.cashBalance.add(new Money('0.25'));
    expect(() => ledger.checkIdentity(2)).toThrow(/equity 1003 ≠ .* = 1002\.75$/);
  });
});
