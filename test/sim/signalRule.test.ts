// The example signal rule (src/sim/signalRule.ts): setups, regimes, warm-up, determinism and bounds on hand-built bars.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIGNAL_RULE_OPTIONS,
  SignalRule,
  describeSignalRule,
  minBarsForSignal,
  type SignalRuleOptions,
} from '../../src/sim/signalRule.js';
import type { Bar, SignalRow } from '../../src/sim/types.js';

const T0 = Date.UTC(2020, 0, 1);
const DAY = 86_400_000;

/** Short windows so that hand-built series stay small; no score filter, no cooldown. */
const SMALL: SignalRuleOptions = {
  ...DEFAULT_SIGNAL_RULE_OPTIONS,
  atrBars: 3,
  regimeWindow: 5,
  breakoutBars: 5,
  fastMaBars: 3,
  slowMaBars: 6,
  slopeBars: 2,
  minScore: 0,
  cooldownBars: 0,
};

type Ohlc = readonly [open: number, high: number, low: number, close: number];

function barsOf(symbol: string, rows: readonly Ohlc[]): Bar[] {
  return rows.map(([open, high, low, close], i) => ({ tsMs: T0 + i * DAY, symbol, open, high, low, close, volume: 1000 }));
}

/** Every bar's output, null included, so that tests can point at bar indexes. */
function run(rule: SignalRule, bars: readonly Bar[]): (SignalRow | null)[] {
  return bars.map((bar) => rule.onBar(bar));
}

/** Ten quiet bars around 100 (closes alternate 100 / 100.4, so no trend and no breakout). */
const QUIET: Ohlc[] = Array.from({ length: 10 }, (_, i): Ohlc => {
  const close = i % 2 === 0 ? 100 : 100.4;
  return [100.2, 101, 99, close];
});

/** Closes 100, 101, …: each close clears the previous highs (close + 0.5), a breakout every bar. */
function rising(n: number, from = 100): Ohlc[] {
  return Array.from({ length: n }, (_, i): Ohlc => {
    const close = from + i;
    return [close - 0.5, close + 0.5, close - 0.5, close];
  });
}

describe('SignalRule setups', () => {
  it('a close above the previous highs is a breakout long', () => {
    const out = run(new SignalRule(SMALL), barsOf('AAA', [...QUIET, [100.5, 105.5, 100, 105]]));
    expect(out.slice(0, 10).every((s) => s === null)).toBe(true);
    const s = out[10];
    expect(s).toMatchObject({
      tsMs: T0 + 10 * DAY,
      symbol: 'AAA',
      direction: 'long',
      setupType: 'breakout',
      regime: 'wild',
      takeProfitR: 3,
      id: `AAA:${T0 + 10 * DAY}`,
    });
    // True ranges 2, 2 and 105.5 − 100 (bar 9 closed at 100.4); the channel high is 101.
    const prevClose = 100.4;
    const trueRanges = [2, 2, 105.5 - Math.min(100, prevClose)];
    const atr = (trueRanges[0]! + trueRanges[1]! + trueRanges[2]!) / 3;
    const closes = QUIET.map((r) => r[3]);
    const slowNow = (closes.slice(5).reduce((a, b) => a + b, 0) + 105) / 6;
    const slowThen = closes.slice(3, 9).reduce((a, b) => a + b, 0) / 6;
    const clamp = (x: number): number => Math.min(1, Math.max(0, x));
    const expected =
      35 * clamp((105 - prevClose) / atr / 1.5) +
      20 * clamp((105 - 101) / atr / 0.5) +
      30 * clamp((slowNow - slowThen) / atr / 1.5) +
      15 * ((105 - 100) / 5.5);
    expect(s?.score).toBe(Math.round(expected * 100) / 100);
    expect(s?.stopDistancePct).toBe(Math.round(2 * ((100 * atr) / 105) * 10_000) / 10_000);
  });

  it('a close below the previous lows is a breakout short', () => {
    const out = run(new SignalRule(SMALL), barsOf('AAA', [...QUIET, [99.5, 100.2, 94.5, 95]]));
    expect(out.slice(0, 10).every((s) => s === null)).toBe(true);
    expect(out[10]).toMatchObject({ direction: 'short', setupType: 'breakout', regime: 'wild', takeProfitR: 3 });
    expect(out[10]?.score).toBeGreaterThan(50);
  });

  it('an uptrend that dips to the fast average and closes back above it is a pullback long', () => {
    // Closes 100…111 (breakouts), a dip to 110.2, then a bar that touches SMA3 (110.83) and closes at 111.3,
    // below the previous highs (111.5), so it is no breakout.
    const rows: Ohlc[] = [...rising(12), [111, 111.2, 109.6, 110.2], [110.2, 111.4, 110, 111.3]];
    const out = run(new SignalRule(SMALL), barsOf('AAA', rows));
    expect(out[12]).toBeNull();
    expect(out[13]).toMatchObject({ direction: 'long', setupType: 'pullback', takeProfitR: 2 });
    expect(out[13]?.score).toBeGreaterThan(0);
  });

  it('a downtrend that pops to the fast average and closes back below it is a pullback short', () => {
    const rows: Ohlc[] = [
      ...rising(12).map(([o, h, l, c]): Ohlc => [200 - o, 200 - l, 200 - h, 200 - c]),
      [89, 90.4, 88.8, 89.8],
      [89.8, 90, 88.6, 88.7],
    ];
    const out = run(new SignalRule(SMALL), barsOf('AAA', rows));
    expect(out[12]).toBeNull();
    expect(out[13]).toMatchObject({ direction: 'short', setupType: 'pullback' });
  });

  it('no pullback without a close above the previous close, or without a touch of the fast average', () => {
    const rows: Ohlc[] = [...rising(12), [111, 111.2, 109.6, 110.2], [110.2, 111.4, 110, 111.3]];
    const below: Ohlc[] = [...rows.slice(0, 12), [111, 111.4, 110.9, 111.35], [111.3, 111.4, 110, 111.3]];
    expect(run(new SignalRule(SMALL), barsOf('AAA', rows))[13]?.setupType).toBe('pullback');
    expect(run(new SignalRule(SMALL), barsOf('AAA', below))[13]).toBeNull();
    // A bar whose low stays above SMA3 (111.07) did not pull back to it.
    const aloft: Ohlc[] = [...rows.slice(0, 12), [111, 111.2, 110.6, 110.8], [111.15, 111.45, 111.1, 111.4]];
    expect(run(new SignalRule(SMALL), barsOf('AAA', aloft))[13]).toBeNull();
    const touched: Ohlc[] = [...aloft.slice(0, 13), [111.15, 111.45, 111, 111.4]];
    expect(run(new SignalRule(SMALL), barsOf('AAA', touched))[13]?.setupType).toBe('pullback');
  });

  it('a flat market emits nothing, and take_profit_r is left out when not configured', () => {
    const flat = run(new SignalRule(SMALL), barsOf('AAA', [...QUIET, ...QUIET, ...QUIET]));
    expect(flat.every((s) => s === null)).toBe(true);
    const rule = new SignalRule({ ...SMALL, breakoutTakeProfitR: undefined });
    const s = run(rule, barsOf('AAA', [...QUIET, [100.5, 105.5, 100, 105]]))[10];
    expect(s).not.toBeNull();
    expect(s && 'takeProfitR' in s).toBe(false);
  });
});

describe('SignalRule warm-up, regime and filters', () => {
  const options: SignalRuleOptions = { ...SMALL, breakoutBars: 3, slowMaBars: 4 };

  it('emits nothing before minBarsForSignal bars, then signals at once', () => {
    const longTrend: SignalRuleOptions = { ...options, slowMaBars: 20, slopeBars: 5 };
    const longChannel: SignalRuleOptions = { ...options, breakoutBars: 30 };
    for (const [o, first] of [[options, 8], [longTrend, 25], [longChannel, 31]] as const) {
      expect(minBarsForSignal(o)).toBe(first);
      const out = run(new SignalRule(o), barsOf('AAA', rising(first + 5)));
      expect(out.slice(0, first - 1)).toEqual(Array(first - 1).fill(null));
      expect(out.slice(first - 1).every((s) => s?.setupType === 'breakout' && s.direction === 'long')).toBe(true);
    }
  });

  /** Bars 0-29: ranges of 1.5 and a falling ATR%. From bar 30 on, closes step by 4 and the true range jumps to 7. */
  function jumpRows(): Ohlc[] {
    const rows: Ohlc[] = [...rising(30)];
    for (let i = 30; i < 40; i++) {
      const close = 129 + 4 * (i - 29);
      rows.push([close - 1, close + 3, close - 3, close]);
    }
    return rows;
  }

  it('classifies the regime by the rank of ATR% among its previous values when volatility jumps', () => {
    // Calm while ATR% falls; wild while the window still holds the quiet values; normal as it fills with the
    // new ones; calm again once ATR% falls among its peers.
    const out = run(new SignalRule(options), barsOf('AAA', jumpRows()));
    const regimes = out.map((s) => s?.regime ?? '-');
    expect(regimes.slice(0, 7)).toEqual(Array(7).fill('-'));
    expect(regimes.slice(7, 30)).toEqual(Array(23).fill('calm'));
    expect(regimes.slice(30)).toEqual(['wild', 'wild', 'wild', 'wild', 'normal', 'normal', 'calm', 'calm', 'calm', 'calm']);
    // The stop follows the range: 2 × ATR% (ATR 7 at bar 39, close 169).
    expect(out[39]?.stopDistancePct).toBe(Math.round(2 * ((100 * 7) / 169) * 10_000) / 10_000);
  });

  it('ranks ties at half: a constant ATR% is a normal regime', () => {
    // Closes double every bar and every range scales with the close, so ATR% is exactly constant from bar 3.
    const rows = Array.from({ length: 20 }, (_, i): Ohlc => {
      const close = 2 ** i;
      return [0.8 * close, 1.5 * close, 0.75 * close, close];
    });
    const out = run(new SignalRule(options), barsOf('AAA', rows));
    expect(out.slice(8).map((s) => s?.regime)).toEqual(Array(12).fill('normal'));
  });

  it('stays silent for cooldownBars after a signal and drops scores below minScore', () => {
    const cooled = run(new SignalRule({ ...options, cooldownBars: 2 }), barsOf('AAA', rising(16)));
    expect(cooled.map((s, i) => (s === null ? -1 : i)).filter((i) => i >= 0)).toEqual([7, 10, 13]);
    const all = run(new SignalRule(options), barsOf('AAA', jumpRows()));
    const cut = 60;
    const kept = all.map((s) => (s !== null && s.score >= cut ? s : null));
    expect(kept.filter((s) => s !== null).length).toBeGreaterThan(0);
    expect(kept.filter((s) => s !== null).length).toBeLessThan(all.filter((s) => s !== null).length);
    expect(run(new SignalRule({ ...options, minScore: cut }), barsOf('AAA', jumpRows()))).toEqual(kept);
  });

  it('rejects bars out of time order and bad options', () => {
    const rule = new SignalRule(options);
    const [a, b] = barsOf('AAA', rising(2));
    rule.onBar(b!);
    expect(() => rule.onBar(a!)).toThrow(RangeError);
    expect(() => rule.onBar(b!)).toThrow(/not after/);
    rule.onBar({ ...a!, symbol: 'BBB' }); // another symbol keeps its own clock
    expect(() => new SignalRule({ ...options, atrBars: 0 })).toThrow(/atrBars/);
    expect(() => new SignalRule({ ...options, calmBelowPercentile: 80, wildAbovePercentile: 20 })).toThrow(/percentiles/);
    expect(() => new SignalRule({ ...options, minStopPct: 0 })).toThrow(/minStopPct/);
    expect(() => new SignalRule({ ...options, breakoutTakeProfitR: -1 })).toThrow(/breakoutTakeProfitR/);
  });

  it('describes itself with the option values', () => {
    const text = describeSignalRule(DEFAULT_SIGNAL_RULE_OPTIONS);
    expect(text).toContain('last 14 bars');
    expect(text).toContain('previous 100 ATR% values');
    expect(text).toContain('calm below 33, wild above 67');
    expect(text).toContain('highest high of the previous 20 bars');
    expect(text).toContain('[0.5, 20]');
    expect(text).toContain(`first ${minBarsForSignal(DEFAULT_SIGNAL_RULE_OPTIONS) - 1} bars`);
    expect(describeSignalRule()).toBe(text);
  });
});

/** A random walk of positive bars: returns, wicks and gaps drawn by fast-check. */
const walkArb = fc
  .array(
    fc.record({
      ret: fc.double({ min: -0.08, max: 0.08, noNaN: true }),
      gap: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
      up: fc.double({ min: 0, max: 0.05, noNaN: true }),
      down: fc.double({ min: 0, max: 0.05, noNaN: true }),
    }),
    { minLength: 60, maxLength: 260 },
  )
  .map((steps) => {
    const rows: Ohlc[] = [];
    let prev = 100;
    for (const { ret, gap, up, down } of steps) {
      const open = prev * (1 + gap);
      const close = open * (1 + ret);
      rows.push([open, Math.max(open, close) * (1 + up), Math.min(open, close) * (1 - down), close]);
      prev = close;
    }
    return rows;
  });

describe('SignalRule properties', () => {
  const loose: SignalRuleOptions = { ...SMALL, regimeWindow: 20, breakoutBars: 10, fastMaBars: 5, slowMaBars: 15 };

  it('scores stay in [0, 100] and stops in [minStopPct, maxStopPct] on random walks', () => {
    fc.assert(
      fc.property(walkArb, fc.constantFrom(loose, DEFAULT_SIGNAL_RULE_OPTIONS, { ...loose, maxStopPct: 3 }), (rows, options) => {
        const out = run(new SignalRule(options), barsOf('RW', rows));
        out.slice(0, minBarsForSignal(options) - 1).forEach((s) => expect(s).toBeNull());
        for (const s of out) {
          if (s === null) continue;
          expect(s.score).toBeGreaterThanOrEqual(Math.max(0, options.minScore));
          expect(s.score).toBeLessThanOrEqual(100);
          expect(Math.round(s.score * 100) / 100).toBe(s.score);
          expect(s.stopDistancePct).toBeGreaterThan(0);
          expect(s.stopDistancePct).toBeGreaterThanOrEqual(options.minStopPct);
          expect(s.stopDistancePct).toBeLessThanOrEqual(options.maxStopPct);
          expect(['calm', 'normal', 'wild']).toContain(s.regime);
          expect(['breakout', 'pullback']).toContain(s.setupType);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic, and interleaved symbols give the same signals as separate runs', () => {
    fc.assert(
      fc.property(walkArb, walkArb, (rowsA, rowsB) => {
        const a = barsOf('AAA', rowsA);
        const b = barsOf('BBB', rowsB);
        const aloneA = run(new SignalRule(loose), a);
        const aloneB = run(new SignalRule(loose), b);
        expect(run(new SignalRule(loose), a)).toEqual(aloneA);
        const mixed = new SignalRule(loose);
        const outA: (SignalRow | null)[] = [];
        const outB: (SignalRow | null)[] = [];
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          if (i < b.length) outB.push(mixed.onBar(b[i]!));
          if (i < a.length) outA.push(mixed.onBar(a[i]!));
        }
        expect(outA).toEqual(aloneA);
        expect(outB).toEqual(aloneB);
      }),
      { numRuns: 60 },
    );
  });

  it('gives some signals of each setup on random walks (the property above is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(walkArb, (rows) => {
        for (const s of run(new SignalRule(loose), barsOf('RW', rows))) if (s) seen.add(`${s.setupType}:${s.direction}`);
      }),
      { numRuns: 100, seed: 7 },
    );
    expect([...seen].sort()).toEqual(['breakout:long', 'breakout:short', 'pullback:long', 'pullback:short']);
  });
});
