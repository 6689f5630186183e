// The broker on hand-computed examples: fills at the open with slippage and fees, stops and take profits on the bar range.

import { describe, expect, it } from 'vitest';
import type { Direction } from '../../src/allocator/types.js';
import { Broker, type OpenOrder } from '../../src/sim/broker.js';
import { SlippageJitter } from '../../src/sim/costs.js';
import { Ledger } from '../../src/sim/ledger.js';
import { Money } from '../../src/sim/money.js';
import { DEFAULT_SIM_SETTINGS, type SimSettings } from '../../src/sim/settings.js';
import type { Bar } from '../../src/sim/types.js';

const DAY = 86_400_000;

function bar(day: number, open: number, high: number, low: number, close: number, volume = 1_000_000): Bar {
  return { tsMs: day * DAY, symbol: 'AAA', open, high, low, close, volume };
}

/** A broker over a fresh ledger of 100 000; fees 5 bp, fixed slippage 0 bp unless given. */
function aBroker(overrides: Partial<SimSettings> = {}, seed = 1) {
  const settings: SimSettings = { ...DEFAULT_SIM_SETTINGS, feeBps: 5, slippageModel: 'fixed', slippageBps: 0, ...overrides };
  const ledger = new Ledger(new Money(100_000));
  const broker = new Broker(ledger, settings, new SlippageJitter(seed, settings.slippageJitterBps));
  return { ledger, broker };
}

function order(direction: Direction, overrides: Partial<OpenOrder> = {}): OpenOrder {
  return {
    cycleTsMs: 0,
    positionId: 'p1',
    symbol: 'AAA',
    direction,
    notional: 10_000,
    entryScore: 60,
    cluster: 'c',
    // 12.5 % and R multiples of 2 keep stop and target levels exact in binary.
    stopDistancePct: 12.5,
    takeProfitR: null,
    reason: 'winner',
    ...overrides,
  };
}

describe('opening fills', () => {
  it('fills at the bar open, quantity = notional / price rounded down, fee on the fill notional', () => {
    const { ledger, broker } = aBroker();
    const out = broker.open(order('long'), bar(1, 100, 101, 99, 100.5))!;
    expect(out.fill).toMatchObject({ action: 'open', side: 'buy', price: '100', quantity: '100', notional: '10000', fee: '5', slippageCost: '0' });
    expect(out.fill.fillTsMs).toBe(DAY);
    expect(ledger.cash.toFixed()).toBe('99995');
    // Marked at the bar close from the start.
    expect(ledger.unrealised().toFixed()).toBe('50');
  });

  it('a buy pays the open + slippage, a sell receives the open − slippage; slippage cost is per unit × quantity', () => {
    const long = aBroker({ slippageBps: 2 }).broker.open(order('long', { notional: 5_001 }), bar(1, 50, 51, 49, 50))!;
    // 50 × 1.0002 = 50.01; 5001 / 50.01 = 100.
    expect(long.fill).toMatchObject({ side: 'buy', price: '50.01', quantity: '100', notional: '5001', fee: '2.5005', slippageCost: '1' });
    const short = aBroker({ slippageBps: 2 }).broker.open(order('short', { notional: 4_999 }), bar(1, 50, 51, 49, 50))!;
    // 50 × 0.9998 = 49.99; 4999 / 49.99 = 100.
    expect(short.fill).toMatchObject({ side: 'sell', price: '49.99', quantity: '100', notional: '4999', fee: '2.4995', slippageCost: '1' });
  });

  it('rounds the quantity down to 8 decimals, never buying more than the notional', () => {
    const out = aBroker().broker.open(order('long'), bar(1, 3, 3, 3, 3))!;
    expect(out.fill.quantity).toBe('3333.33333333');
    expect(Number(out.fill.notional)).toBeLessThanOrEqual(10_000);
  });

  it('volume_share slippage grows with the order and stops at the cap', () => {
    const settings = { slippageModel: 'volume_share', slippageImpactBps: 10, slippageCapBps: 50 } as const;
    // Dollar volume 100 × 1000 = 100 000; 1 000 is 1 % → 10 bp: 100 × 1.001 = 100.1.
    const small = aBroker(settings).broker.open(order('long', { notional: 1_000 }), bar(1, 100, 100, 100, 100, 1000))!;
    expect(small.fill.price).toBe('100.1');
    // 50 000 is 50 % → 500 bp, capped at 50 bp: 100.5.
    const big = aBroker(settings).broker.open(order('long', { notional: 50_000 }), bar(1, 100, 100, 100, 100, 1000))!;
    expect(big.fill.price).toBe('100.5');
  });

  it('range slippage pays a share of the bar range', () => {
    // 0.1 × (104 − 96) = 0.8 on an open of 100: 80 bp → 100.8.
    const out = aBroker({ slippageModel: 'range', slippageRangeShare: 0.1 }).broker.open(order('long'), bar(1, 100, 104, 96, 100))!;
    expect(out.fill.price).toBe('100.8');
  });

  it('jitter: the same seed gives the same fill prices, each within ±jitter of the model price', () => {
    const prices = (seed: number): number[] => {
      const { broker } = aBroker({ slippageBps: 10, slippageJitterBps: 5 }, seed);
      return Array.from({ length: 30 }, (_, i) => Number(broker.open(order('long', { positionId: `p${i}` }), bar(1, 100, 100, 100, 100))!.fill.price));
    };
    const a = prices(11);
    expect(prices(11)).toEqual(a);
    expect(prices(12)).not.toEqual(a);
    for (const p of a) {
      // 10 ± 5 bp on 100: [100.05, 100.15].
      expect(p).toBeGreaterThanOrEqual(100.05);
      expect(p).toBeLessThanOrEqual(100.15);
    }
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});

describe('protective exits', () => {
  /** Opens 100 units at 100 (stop 12.5 % away) and returns what the bar triggers. */
  function exitOn(direction: Direction, b: Bar, takeProfitR: number | null = null) {
    const { ledger, broker } = aBroker();
    broker.open(order(direction, { takeProfitR }), bar(1, 100, 100, 100, 100));
    const p = ledger.position('p1')!;
    return { exit: broker.protectiveExit(p, b), p, broker, ledger };
  }

  it('places the stop at entry × (1 ∓ stop distance) and the target at entry × (1 ± R × stop distance)', () => {
    expect(exitOn('long', bar(2, 100, 100, 100, 100), 2).p).toMatchObject({ stopPrice: 87.5, takeProfitPrice: 125 });
    expect(exitOn('short', bar(2, 100, 100, 100, 100), 2).p).toMatchObject({ stopPrice: 112.5, takeProfitPrice: 75 });
  });

  it('no exit while the bar stays inside both levels', () => {
    expect(exitOn('long', bar(2, 100, 124, 88, 100), 2).exit).toBeNull();
    expect(exitOn('short', bar(2, 100, 112, 76, 100), 2).exit).toBeNull();
  });

  it('a long stop touched by the bar low fills at the stop level, paying fee and slippage', () => {
    const { exit, broker } = exitOn('long', bar(2, 95, 96, 80, 85));
    expect(exit).toEqual({ action: 'stop', reference: 87.5 });
    const out = broker.close(DAY, 'p1', bar(2, 95, 96, 80, 85), exit!.reference, exit!.action, exit!.action);
    // 100 × 87.5 = 8750; fee 4.375; gross (87.5 − 100) × 100 = −1250; net −1250 − 5 − 4.375.
    expect(out.fill).toMatchObject({ action: 'stop', side: 'sell', price: '87.5', notional: '8750', fee: '4.375' });
    expect(out.trade).toMatchObject({ grossPnl: '-1250', fees: '9.375', netPnl: '-1259.375', exitReason: 'stop' });
  });

  it('a short stop touched by the bar high fills at the stop level', () => {
    expect(exitOn('short', bar(2, 105, 113, 104, 110)).exit).toEqual({ action: 'stop', reference: 112.5 });
  });

  it('a gap through the stop fills at the open, for a long and for a short', () => {
    expect(exitOn('long', bar(2, 80, 82, 70, 75)).exit).toEqual({ action: 'stop', reference: 80 });
    expect(exitOn('short', bar(2, 130, 135, 120, 125)).exit).toEqual({ action: 'stop', reference: 130 });
  });

  it('when a bar touches both stop and target, the stop wins', () => {
    expect(exitOn('long', bar(2, 100, 130, 80, 100), 2).exit).toEqual({ action: 'stop', reference: 87.5 });
    expect(exitOn('short', bar(2, 100, 120, 70, 100), 2).exit).toEqual({ action: 'stop', reference: 112.5 });
  });

  it('take profit for a short fills at the target; a gap through it fills at the open', () => {
    const { exit, broker } = exitOn('short', bar(2, 90, 95, 74, 80), 2);
    expect(exit).toEqual({ action: 'take_profit', reference: 75 });
    const out = broker.close(DAY, 'p1', bar(2, 90, 95, 74, 80), 75, 'take_profit', 'take_profit');
    // Short 100 at 100, bought back at 75: +2500 gross, fees 5 + 3.75.
    expect(out.fill).toMatchObject({ side: 'buy', action: 'take_profit', price: '75' });
    expect(out.trade).toMatchObject({ grossPnl: '2500', fees: '8.75', netPnl: '2491.25' });
    expect(exitOn('short', bar(2, 70, 72, 65, 68), 2).exit).toEqual({ action: 'take_profit', reference: 70 });
  });

  it('take profit for a long fills at the target', () => {
    expect(exitOn('long', bar(2, 110, 126, 105, 120), 2).exit).toEqual({ action: 'take_profit', reference: 125 });
  });

  it('a stop fill pays slippage against the trade like any other fill', () => {
    const { ledger, broker } = aBroker({ slippageBps: 2 });
    broker.open(order('long', { notional: 10_002 }), bar(1, 100, 100, 100, 100));
    const p = ledger.position('p1')!;
    // Entry 100.02, stop 100.02 × 0.875 = 87.5175; sold at 87.5175 × 0.9998.
    const exit = broker.protectiveExit(p, bar(2, 95, 96, 80, 85))!;
    expect(exit.reference).toBeCloseTo(87.5175, 10);
    const out = broker.close(DAY, 'p1', bar(2, 95, 96, 80, 85), exit.reference, 'stop', 'stop');
    expect(Number(out.fill.price)).toBeCloseTo(87.5175 * 0.9998, 8);
    expect(Number(out.fill.slippageCost)).toBeCloseTo(87.5175 * 0.0002 * 100, 6);
  });
});
