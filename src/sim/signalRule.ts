// The example signal rule: derives signals (volatility regime × breakout/pullback setup) from bars, bar by bar, deterministically.

import type { Direction } from '../allocator/types.js';
import type { Bar, SignalRow } from './types.js';

/** The knobs of the rule; every length is in bars of the series it is fed (days for daily bars, hours for hourly). */
export interface SignalRuleOptions {
  /** Bars in the average true range (a simple mean of true ranges). */
  readonly atrBars: number;
  /** Previous ATR% values the current ATR% is ranked against to give the regime. */
  readonly regimeWindow: number;
  /** Percentile rank below which the regime is `calm`. */
  readonly calmBelowPercentile: number;
  /** Percentile rank above which the regime is `wild`; in between it is `normal`. */
  readonly wildAbovePercentile: number;
  /** Previous bars whose highest high / lowest low a close must clear for a breakout. */
  readonly breakoutBars: number;
  /** Bars in the fast simple moving average of closes (the pullback level). */
  readonly fastMaBars: number;
  /** Bars in the slow simple moving average of closes (the trend). */
  readonly slowMaBars: number;
  /** The slow average's slope is its change over this many bars. */
  readonly slopeBars: number;
  /** Stop distance = this × ATR%, clamped to [minStopPct, maxStopPct]. */
  readonly stopAtrMultiple: number;
  readonly minStopPct: number;
  readonly maxStopPct: number;
  /** Signals scoring below this are dropped (0 keeps all). */
  readonly minScore: number;
  /** After a signal, the symbol emits nothing for this many bars (0: no pause). */
  readonly cooldownBars: number;
  /** take_profit_r of breakout signals; undefined leaves it out. */
  readonly breakoutTakeProfitR?: number;
  /** take_profit_r of pullback signals; undefined leaves it out. */
  readonly pullbackTakeProfitR?: number;
}

/**
 * Defaults, tuned on the shipped data: about 3.5 signals a day over the 100 daily stocks of data/sp500 and
 * about 1.4 a day over the 2 hourly perpetuals of data/crypto-perps (minScore 50, cooldownBars 4 give about 2.8).
 */
export const DEFAULT_SIGNAL_RULE_OPTIONS: SignalRuleOptions = Object.freeze({
  atrBars: 14,
  regimeWindow: 100,
  calmBelowPercentile: 33,
  wildAbovePercentile: 67,
  breakoutBars: 20,
  fastMaBars: 20,
  slowMaBars: 50,
  slopeBars: 10,
  stopAtrMultiple: 2,
  minStopPct: 0.5,
  maxStopPct: 20,
  minScore: 65,
  cooldownBars: 10,
  breakoutTakeProfitR: 3,
  pullbackTakeProfitR: 2,
});

export type VolatilityRegime = 'calm' | 'normal' | 'wild';
export type SetupType = 'breakout' | 'pullback';

/** Weights of the score's four parts (they add up to 100). */
const SCORE_WEIGHTS = { impulse: 35, clearance: 20, trend: 30, closeLocation: 15 } as const;
/** Each part is a ratio in ATRs clamped to [0, cap] and divided by cap. */
const IMPULSE_CAP_ATR = 1.5;
const CLEARANCE_CAP_ATR = 0.5;
const TREND_CAP_ATR = 1.5;

/** Bars a symbol must have had (the current one included) before it can emit its first signal. */
export function minBarsForSignal(options: SignalRuleOptions): number {
  return Math.max(options.atrBars + options.regimeWindow, options.slowMaBars + options.slopeBars, options.breakoutBars + 1);
}

/** The rule in words, with the option values filled in (for `--help` and READMEs). */
export function describeSignalRule(options: SignalRuleOptions = DEFAULT_SIGNAL_RULE_OPTIONS): string {
  const o = options;
  const tp = (r: number | undefined): string => (r === undefined ? 'none' : `${r} R`);
  return [
    `Example signals from prices, per symbol, at each bar's close (no look-ahead; the first ${minBarsForSignal(o) - 1} bars of a symbol are warm-up and emit nothing):`,
    `- ATR = mean true range of the last ${o.atrBars} bars; ATR% = 100 × ATR / close.`,
    `- regime: the percentile rank of ATR% among the previous ${o.regimeWindow} ATR% values (the share below it, ties counting half): ` +
      `calm below ${o.calmBelowPercentile}, wild above ${o.wildAbovePercentile}, normal otherwise.`,
    `- setup breakout: long when the close is above the highest high of the previous ${o.breakoutBars} bars, ` +
      `short when it is below their lowest low.`,
    `- setup pullback (when there is no breakout): long when the trend is up (SMA${o.fastMaBars} > SMA${o.slowMaBars}, ` +
      `SMA${o.slowMaBars} higher than ${o.slopeBars} bars ago, close > SMA${o.slowMaBars}) and the bar dipped to SMA${o.fastMaBars} ` +
      `(low ≤ SMA${o.fastMaBars}) but closed above it and above the previous close; short is the mirror image.`,
    `- score (0-100, 2 decimals) = ${SCORE_WEIGHTS.impulse} × impulse + ${SCORE_WEIGHTS.clearance} × clearance + ` +
      `${SCORE_WEIGHTS.trend} × trend + ${SCORE_WEIGHTS.closeLocation} × close location, each part in [0, 1]: ` +
      `impulse = the close-to-close move in the signal's direction in ATRs / ${IMPULSE_CAP_ATR}; ` +
      `clearance = how far the close is past the broken level (breakout) or SMA${o.fastMaBars} (pullback) in ATRs / ${CLEARANCE_CAP_ATR}; ` +
      `trend = the change of SMA${o.slowMaBars} over ${o.slopeBars} bars in the signal's direction in ATRs / ${TREND_CAP_ATR}; ` +
      `close location = where the close sits in the bar's range, 1 at the extreme in the signal's direction (0.5 for a zero range); ` +
      `ratios are clamped at 0 and at their cap.`,
    `- stop_distance_pct = ${o.stopAtrMultiple} × ATR% clamped to [${o.minStopPct}, ${o.maxStopPct}], 4 decimals; ` +
      `take_profit_r: breakout ${tp(o.breakoutTakeProfitR)}, pullback ${tp(o.pullbackTakeProfitR)}.`,
    `- filters: signals scoring below ${o.minScore} are dropped; after a signal the symbol is silent for ${o.cooldownBars} bars; ` +
      `at most one signal per symbol and bar; a bar with a zero ATR emits nothing. id = <symbol>:<bar ts in epoch ms>.`,
  ].join('\n');
}

/** A fixed-size buffer of the most recent values; `back(0)` is the newest. */
class Ring {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  push(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** The value `k` pushes ago (0: the newest); k < size. */
  back(k: number): number {
    return this.values[(this.next - 1 - k + 2 * this.capacity) % this.capacity] as number;
  }

  /** Mean of the values `from` … `from + n − 1` pushes ago. */
  mean(from: number, n: number): number {
    let sum = 0;
    for (let k = from; k < from + n; k++) sum += this.back(k);
    return sum / n;
  }

  /** Max (or min) of the `n` newest values. */
  extreme(n: number, pick: (a: number, b: number) => number): number {
    let v = this.back(0);
    for (let k = 1; k < n; k++) v = pick(v, this.back(k));
    return v;
  }
}

interface SymbolState {
  lastTsMs: number;
  barsSeen: number;
  prevClose: number;
  /** barsSeen at the last signal, or −Infinity. */
  lastSignalBar: number;
  readonly trueRanges: Ring;
  /** ATR% of previous bars, for the regime rank. */
  readonly atrPcts: Ring;
  /** Highs and lows of previous bars (the current bar is pushed after the channel is read). */
  readonly highs: Ring;
  readonly lows: Ring;
  /** Closes including the current bar. */
  readonly closes: Ring;
}

function checkOptions(o: SignalRuleOptions): void {
  const problems: string[] = [];
  const positiveInt = (name: keyof SignalRuleOptions, min: number): void => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) problems.push(`${name} must be an integer ≥ ${min}, was ${String(v)}`);
  };
  positiveInt('atrBars', 1);
  positiveInt('regimeWindow', 1);
  positiveInt('breakoutBars', 1);
  positiveInt('fastMaBars', 1);
  positiveInt('slowMaBars', 1);
  positiveInt('slopeBars', 1);
  positiveInt('cooldownBars', 0);
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!(finite(o.calmBelowPercentile) && finite(o.wildAbovePercentile) && 0 <= o.calmBelowPercentile && o.calmBelowPercentile <= o.wildAbovePercentile && o.wildAbovePercentile <= 100)) {
    problems.push('percentiles must satisfy 0 ≤ calmBelowPercentile ≤ wildAbovePercentile ≤ 100');
  }
  if (!(finite(o.stopAtrMultiple) && o.stopAtrMultiple > 0)) problems.push('stopAtrMultiple must be > 0');
  if (!(finite(o.minStopPct) && finite(o.maxStopPct) && 0.0001 <= o.minStopPct && o.minStopPct <= o.maxStopPct)) {
    problems.push('stops must satisfy 0.0001 ≤ minStopPct ≤ maxStopPct');
  }
  if (!finite(o.minScore)) problems.push('minScore must be a finite number');
  for (const name of ['breakoutTakeProfitR', 'pullbackTakeProfitR'] as const) {
    const v = o[name];
    if (v !== undefined && !(finite(v) && v > 0)) problems.push(`${name} must be > 0 or left out`);
  }
  if (problems.length > 0) throw new RangeError(`SignalRule options: ${problems.join('; ')}`);
}

const clamp01 = (x: number): number => (x > 1 ? 1 : x > 0 ? x : 0);
const round = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** Percentile rank (0-100) of `value` among the values of `ring`: the share below it, ties counting half. */
function percentileRank(ring: Ring, value: number): number {
  let below = 0;
  for (let k = 0; k < ring.size; k++) {
    const v = ring.back(k);
    if (v < value) below += 1;
    else if (v === value) below += 0.5;
  }
  return (100 * below) / ring.size;
}

/**
 * The example signal rule. Feed it bars with `onBar`, each symbol's bars in time order (symbols may be
 * interleaved; each has its own state). It returns the bar's signal, stamped at the bar's time, or null.
 */
export class SignalRule {
  readonly options: SignalRuleOptions;
  private readonly states = new Map<string, SymbolState>();
  private readonly historyBars: number;

  constructor(options: SignalRuleOptions = DEFAULT_SIGNAL_RULE_OPTIONS) {
    checkOptions(options);
    this.options = Object.freeze({ ...options });
    this.historyBars = Math.max(options.breakoutBars, options.slowMaBars + options.slopeBars, options.fastMaBars);
  }

  onBar(bar: Bar): SignalRow | null {
    const o = this.options;
    let s = this.states.get(bar.symbol);
    if (s === undefined) {
      s = {
        lastTsMs: Number.NEGATIVE_INFINITY,
        barsSeen: 0,
        prevClose: Number.NaN,
        lastSignalBar: Number.NEGATIVE_INFINITY,
        trueRanges: new Ring(o.atrBars),
        atrPcts: new Ring(o.regimeWindow),
        highs: new Ring(this.historyBars),
        lows: new Ring(this.historyBars),
        closes: new Ring(this.historyBars),
      };
      this.states.set(bar.symbol, s);
    }
    if (!(bar.tsMs > s.lastTsMs)) {
      throw new RangeError(`SignalRule: ${bar.symbol} bar at ${bar.tsMs} is not after the previous one at ${s.lastTsMs}`);
    }
    s.lastTsMs = bar.tsMs;
    s.barsSeen++;

    const { high, low, close } = bar;
    const prevClose = s.prevClose;
    const hasPrev = s.barsSeen > 1;
    const trueRange = hasPrev ? Math.max(high, prevClose) - Math.min(low, prevClose) : high - low;
    s.trueRanges.push(trueRange);
    const atr = s.trueRanges.full ? s.trueRanges.mean(0, o.atrBars) : Number.NaN;
    const atrPct = (100 * atr) / close;
    // The regime ranks this ATR% against the previous ones, then this one joins them.
    const regimeReady = s.atrPcts.full && Number.isFinite(atrPct);
    const rank = regimeReady ? percentileRank(s.atrPcts, atrPct) : Number.NaN;
    if (Number.isFinite(atrPct)) s.atrPcts.push(atrPct);
    // The channel of the previous bars, read before this bar joins it.
    const channelReady = s.highs.size >= o.breakoutBars;
    const channelHigh = channelReady ? s.highs.extreme(o.breakoutBars, Math.max) : Number.NaN;
    const channelLow = channelReady ? s.lows.extreme(o.breakoutBars, Math.min) : Number.NaN;
    s.highs.push(high);
    s.lows.push(low);
    s.closes.push(close);
    s.prevClose = close;

    const trendReady = s.closes.size >= o.slowMaBars + o.slopeBars;
    if (!regimeReady || !channelReady || !trendReady || !(atr > 0)) return null;
    if (s.barsSeen - s.lastSignalBar <= o.cooldownBars) return null;

    const fastMa = s.closes.mean(0, o.fastMaBars);
    const slowMa = s.closes.mean(0, o.slowMaBars);
    const slowMaThen = s.closes.mean(o.slopeBars, o.slowMaBars);

    let direction: Direction;
    let setupType: SetupType;
    let level: number;
    if (close > channelHigh) {
      [direction, setupType, level] = ['long', 'breakout', channelHigh];
    } else if (close < channelLow) {
      [direction, setupType, level] = ['short', 'breakout', channelLow];
    } else if (fastMa > slowMa && slowMa > slowMaThen && close > slowMa && low <= fastMa && close > fastMa && close > prevClose) {
      [direction, setupType, level] = ['long', 'pullback', fastMa];
    } else if (fastMa < slowMa && slowMa < slowMaThen && close < slowMa && high >= fastMa && close < fastMa && close < prevClose) {
      [direction, setupType, level] = ['short', 'pullback', fastMa];
    } else {
      return null;
    }

    const sign = direction === 'long' ? 1 : -1;
    const impulse = clamp01((sign * (close - prevClose)) / atr / IMPULSE_CAP_ATR);
    const clearance = clamp01((sign * (close - level)) / atr / CLEARANCE_CAP_ATR);
    const trend = clamp01((sign * (slowMa - slowMaThen)) / atr / TREND_CAP_ATR);
    const range = high - low;
    const closeLocation = range > 0 ? clamp01(sign > 0 ? (close - low) / range : (high - close) / range) : 0.5;
    const score = round(
      SCORE_WEIGHTS.impulse * impulse +
        SCORE_WEIGHTS.clearance * clearance +
        SCORE_WEIGHTS.trend * trend +
        SCORE_WEIGHTS.closeLocation * closeLocation,
      2,
    );
    if (score < o.minScore) return null;

    const regime: VolatilityRegime =
      rank < o.calmBelowPercentile ? 'calm' : rank > o.wildAbovePercentile ? 'wild' : 'normal';
    const stopDistancePct = round(Math.min(o.maxStopPct, Math.max(o.minStopPct, o.stopAtrMultiple * atrPct)), 4);
    const takeProfitR = setupType === 'breakout' ? o.breakoutTakeProfitR : o.pullbackTakeProfitR;
    s.lastSignalBar = s.barsSeen;
    return {
      tsMs: bar.tsMs,
      symbol: bar.symbol,
      direction,
      score,
      regime,
      setupType,
      stopDistancePct,
      id: `${bar.symbol}:${bar.tsMs}`,
      ...(takeProfitR === undefined ? {} : { takeProfitR }),
    };
  }
}
