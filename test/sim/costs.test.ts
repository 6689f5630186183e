// Cost models (simulator.md §3) on hand-computed examples: fee bps, slippage models, seeded jitter, funding signs.

import { describe, expect, it } from 'vitest';
import {
  feeOn,
  flatFundingPayment,
  fundingPayment,
  modelSlippageBps,
  priceWithSlippage,
  SlippageJitter,
} from '../../src/sim/costs.js';
import { Money } from '../../src/sim/money.js';
import { DEFAULT_SIM_SETTINGS, type SimSettings } from '../../src/sim/settings.js';
import type { Bar } from '../../src/sim/types.js';

function sim(overrides: Partial<SimSettings> = {}): SimSettings {
  return { ...DEFAULT_SIM_SETTINGS, ...overrides };
}

function aBar(overrides: Partial<Bar> = {}): Bar {
  return { tsMs: 0, symbol: 'AAA', open: 100, high: 110, low: 90, close: 50, volume: 1000, ...overrides };
}

const text = (d: { toFixed(): string }): string => d.toFixed();

describe('fees', () => {
  it('charges fee_bps per side on the fill notional', () => {
    expect(text(feeOn(new Money(10_000), 5))).toBe('5');
    expect(text(feeOn(new Money('12345.67'), 2.5))).toBe('3.0864175');
    expect(feeOn(new Money(10_000), 0).isZero()).toBe(true);
  });
});

describe('slippage models', () => {
  it('fixed: slippage_bps whatever the bar or size', () => {
    expect(modelSlippageBps(sim({ slippageModel: 'fixed', slippageBps: 3 }), aBar(), 1e9)).toBe(3);
  });

  it('fixed: the price moves against the trade, up for a buy and down for a sell', () => {
    const buy = priceWithSlippage(100, 'buy', 2);
    expect(text(buy.price)).toBe('100.02');
    expect(text(buy.slippagePerUnit)).toBe('0.02');
    const sell = priceWithSlippage(100, 'sell', 2);
    expect(text(sell.price)).toBe('99.98');
    expect(text(sell.slippagePerUnit)).toBe('0.02');
    expect(text(priceWithSlippage(37.5, 'buy', 0).price)).toBe('37.5');
  });

  it('volume_share: impact bps per 1 % of the bar dollar volume (volume × close), capped', () => {
    const s = sim({ slippageModel: 'volume_share', slippageImpactBps: 10, slippageCapBps: 50 });
    // Dollar volume 1000 × 50 = 50 000: 500 is 1 % → 10 bps; 2 000 is 4 % → 40 bps.
    expect(modelSlippageBps(s, aBar(), 500)).toBeCloseTo(10, 12);
    expect(modelSlippageBps(s, aBar(), 2_000)).toBeCloseTo(40, 12);
    // 5 000 is 10 % → 100 bps, capped at 50.
    expect(modelSlippageBps(s, aBar(), 5_000)).toBe(50);
    // A bar without volume pays the cap.
    expect(modelSlippageBps(s, aBar({ volume: 0 }), 1)).toBe(50);
  });

  it('range: a share of the bar high − low, in bps of the open', () => {
    // 0.05 × (110 − 90) = 1 on an open of 100: 100 bps.
    expect(modelSlippageBps(sim({ slippageModel: 'range', slippageRangeShare: 0.05 }), aBar(), 1)).toBeCloseTo(100, 9);
    expect(modelSlippageBps(sim({ slippageModel: 'range', slippageRangeShare: 0.5 }), aBar({ high: 104, low: 100, open: 102 }), 1)).toBeCloseTo(
      (0.5 * 4 * 10_000) / 102,
      9,
    );
    expect(modelSlippageBps(sim({ slippageModel: 'range', slippageRangeShare: 0.05 }), aBar({ high: 100, low: 100 }), 1)).toBe(0);
  });

  it('never sells below zero', () => {
    expect(priceWithSlippage(1, 'sell', 20_000).price.toFixed()).toBe('0');
  });
});

describe('slippage jitter', () => {
  const draws = (seed: number, jitter: number, n = 200): number[] => {
    const j = new SlippageJitter(seed, jitter);
    return Array.from({ length: n }, () => j.nextBps());
  };

  it('is the same sequence for the same seed, and another for another seed', () => {
    expect(draws(42, 5)).toEqual(draws(42, 5));
    expect(draws(43, 5)).not.toEqual(draws(42, 5));
  });

  it('stays within ±jitter, uses both signs, and is 0 when off', () => {
    const xs = draws(7, 5, 2_000);
    for (const v of xs) {
      expect(Math.abs(v)).toBeLessThanOrEqual(5);
      // Rounded to 0.01 bp.
      expect(Math.round(v * 100) / 100).toBe(v);
    }
    expect(xs.some((v) => v > 2.5)).toBe(true);
    expect(xs.some((v) => v < -2.5)).toBe(true);
    expect(draws(7, 0, 10)).toEqual(Array(10).fill(0));
  });
});

describe('funding', () => {
  it('a long pays a positive rate, a short receives it; a negative rate reverses both', () => {
    const q = new Money(10);
    // Notional 10 × 100 = 1000; rate 0.0001 → 0.1.
    expect(text(fundingPayment(q, 100, 0.0001, 1))).toBe('0.1');
    expect(text(fundingPayment(q, 100, 0.0001, -1))).toBe('-0.1');
    expect(text(fundingPayment(q, 100, -0.0001, 1))).toBe('-0.1');
    expect(text(fundingPayment(q, 100, -0.0001, -1))).toBe('0.1');
  });

  it('flat funding is bps per 8 hours, pro rata, on the mark notional, signed by direction', () => {
    const q = new Money(10);
    const eightHours = 8 * 3_600_000;
    expect(text(flatFundingPayment(q, 100, 8, eightHours, 1))).toBe('0.8');
    expect(text(flatFundingPayment(q, 100, 8, 3 * eightHours, 1))).toBe('2.4');
    expect(text(flatFundingPayment(q, 100, 8, eightHours / 2, -1))).toBe('-0.4');
  });
});
