// Every metric of simulator.md §6, computed only from what a run wrote, each with the formula the report prints.

import { Decimal } from 'decimal.js';
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { REASON_CODES, type ReasonCode } from '../allocator/types.js';
import type { RunData } from '../io/runReader.js';
import { plainNumber } from './format.js';
import type { Metric, MetricGroup, MetricUnit } from './metricTypes.js';
import { churnEvents, nameChurnShares, positionSpans, type PositionSpan } from './positions.js';

/**
 * The convention for empty or degenerate runs: sums and counts over nothing are 0; a ratio, mean or
 * quantile whose denominator is 0 or whose sample is empty (or too short), and a metric whose file the
 * run did not write (decisions.jsonl.gz), is the string "n/a". No metric is ever NaN or infinite.
 */
export const NA = 'n/a';

export type { Metric, MetricGroup, MetricUnit } from './metricTypes.js';

export const GROUP_TITLES: Readonly<Record<MetricGroup, string>> = {
  run: 'Run',
  performance: 'Performance',
  turnover: 'Turnover',
  churn: 'Churn',
  costs: 'Costs',
  hysteresis: 'Hysteresis and slots',
};

/** Reasons a candidate can be refused with; each always gets a rejections_<reason> key so sweeps line up. */
export const REJECTION_REASONS: readonly ReasonCode[] = [
  'hysteresis_blocked', 'slot_cap', 'cluster_cap', 'symbol_cap', 'symbol_held', 'margin_cap', 'net_exposure_cap',
  'below_floor', 'trade_budget',
];

const DAY_MS = 86_400_000;
const DAYS_PER_YEAR = 365.25;
/** Money sums are exact: a private clone with room for long decimal strings (the ledger's clone is the sim's). */
const Money = Decimal.clone({ precision: 60 });

/** A finite result or "n/a": the one place a division by zero or an empty sample turns into NA. */
function ratio(numerator: number, denominator: number): number | string {
  if (denominator === 0 || !Number.isFinite(denominator)) return NA;
  const value = numerator / denominator;
  return Number.isFinite(value) ? value : NA;
}

function sumExact(values: readonly string[]): number {
  let total = new Money(0);
  for (const value of values) total = total.plus(value);
  return total.toNumber();
}

function quantileOrNa(sorted: readonly number[], p: number): number | string {
  return sorted.length === 0 ? NA : quantileSorted([...sorted], p);
}

interface DrawdownStats {
  readonly maxShare: number;
  readonly maxAmount: number;
  readonly maxDurationDays: number;
  /** Per cycle: 1 − equity / running peak. */
  readonly series: number[];
}

/** Drawdowns along the path initial equity → each cycle's equity; the initial point sits at the first cycle's time. */
export function drawdowns(run: RunData): DrawdownStats {
  let peak = Number(run.manifest.result.initialEquity);
  let peakMs = run.cycles[0]?.tsMs ?? 0;
  let maxShare = 0;
  let maxAmount = 0;
  let maxDurationMs = 0;
  const series: number[] = [];
  for (const cycle of run.cycles) {
    if (cycle.equity >= peak) {
      maxDurationMs = Math.max(maxDurationMs, cycle.tsMs - peakMs);
      peak = cycle.equity;
      peakMs = cycle.tsMs;
      series.push(0);
      continue;
    }
    const share = peak > 0 ? 1 - cycle.equity / peak : 0;
    series.push(share);
    maxShare = Math.max(maxShare, share);
    maxAmount = Math.max(maxAmount, peak - cycle.equity);
  }
  const last = run.cycles[run.cycles.length - 1];
  if (last !== undefined && last.equity < peak) maxDurationMs = Math.max(maxDurationMs, last.tsMs - peakMs);
  return { maxShare, maxAmount, maxDurationDays: maxDurationMs / DAY_MS, series };
}

/** Per-cycle returns r_t = equity_t / equity_(t−1) − 1 with equity_(−1) = initial equity; stops at equity ≤ 0. */
export function cycleReturns(run: RunData): number[] {
  const returns: number[] = [];
  let previous = Number(run.manifest.result.initialEquity);
  for (const cycle of run.cycles) {
    if (!(previous > 0)) break;
    returns.push(cycle.equity / previous - 1);
    previous = cycle.equity;
  }
  return returns;
}

/** Calendar span of the run: first to last cycle. */
export function spanDays(run: RunData): number {
  const first = run.cycles[0];
  const last = run.cycles[run.cycles.length - 1];
  return first === undefined || last === undefined ? 0 : (last.tsMs - first.tsMs) / DAY_MS;
}

type AddMetric = (key: string, label: string, value: number | string, unit: MetricUnit, formula: string) => void;

/** What several metric groups share: the run, its span and its equity. */
interface MetricContext {
  readonly run: RunData;
  readonly n: number;
  readonly days: number;
  readonly years: number;
  readonly cyclesPerYear: number | string;
  readonly initial: number;
  readonly finalEquity: number;
  readonly netPnl: number;
  readonly meanEquity: number;
  readonly swapsMade: number;
  /** An amount as a share of mean equity per year. */
  readonly perYear: (amount: number) => number | string;
}

function metricContext(run: RunData): MetricContext {
  const { cycles, manifest } = run;
  const n = cycles.length;
  const days = spanDays(run);
  const years = days / DAYS_PER_YEAR;
  const meanEquity = n > 0 ? mean(cycles.map((c) => c.equity)) : 0;
  return {
    run, n, days, years,
    cyclesPerYear: ratio(n, years),
    initial: Number(manifest.result.initialEquity),
    finalEquity: Number(manifest.result.finalEquity),
    netPnl: new Money(manifest.result.finalEquity || 0).minus(manifest.result.initialEquity || 0).toNumber(),
    meanEquity,
    swapsMade: cycles.reduce((s, c) => s + c.swaps, 0),
    perYear: (amount) => (years > 0 && meanEquity > 0 ? amount / meanEquity / years : NA),
  };
}

/**
 * All metrics of one run, in report order. One function per group: a sweep computes them once per point in
 * each worker, and small functions are cheap for the engine to optimise where one large one was not.
 */
export function computeMetrics(run: RunData): Metric[] {
  const metrics: Metric[] = [];
  const adderFor = (group: MetricGroup): AddMetric => (key, label, value, unit, formula) => {
    metrics.push({ key, label, value, unit, formula, group });
  };
  const ctx = metricContext(run);
  const spans = positionSpans(run);
  runMetrics(ctx, adderFor('run'));
  performanceMetrics(ctx, adderFor('performance'));
  turnoverMetrics(ctx, spans, adderFor('turnover'));
  churnMetrics(ctx, spans, adderFor('churn'));
  costMetrics(ctx, adderFor('costs'));
  hysteresisMetrics(ctx, adderFor('hysteresis'));
  return metrics;
}

function runMetrics(ctx: MetricContext, add: AddMetric): void {
  const { run, n, days, cyclesPerYear, initial, finalEquity } = ctx;
  const { trades, fills, manifest } = run;
  add('cycles', 'Cycles', n, 'count', 'rows of cycles.csv');
  add('span_days', 'Span', days, 'days', '(last cycle ts − first cycle ts) / 1 day');
  add('cycles_per_year', 'Cycles per year', cyclesPerYear, 'per_year', `cycles / years, years = span_days / ${DAYS_PER_YEAR}`);
  add('initial_equity', 'Initial equity', initial, 'currency', 'manifest result.initial_equity');
  add('final_equity', 'Final equity', finalEquity, 'currency', 'manifest result.final_equity');
  add('bankrupt', 'Bankrupt', manifest.result.bankrupt ? 'yes' : 'no', 'text', 'manifest result.bankrupt (equity ≤ 0 ended the run)');
  add('trades', 'Round trips', trades.length, 'count', 'rows of trades.csv');
  add('fills', 'Fills', fills.length, 'count', 'rows of fills.csv');
  add('unfilled_orders', 'Unfilled orders', run.unfilled.length, 'count', 'rows of unfilled.csv (orders that found no next bar)');
}

function performanceMetrics(ctx: MetricContext, add: AddMetric): void {
  const { run, n, years, cyclesPerYear, initial, finalEquity, netPnl } = ctx;
  const { trades, cycles } = run;
  const returns = cycleReturns(run);
  const sd = returns.length >= 2 ? sampleStandardDeviation(returns) : 0;
  const meanReturn = returns.length > 0 ? mean(returns) : 0;
  const downside = returns.length > 0 ? Math.sqrt(mean(returns.map((r) => Math.min(r, 0) ** 2))) : 0;
  const annualiser = typeof cyclesPerYear === 'number' ? Math.sqrt(cyclesPerYear) : NaN;
  const dd = drawdowns(run);
  const winners = trades.filter((t) => t.netPnl > 0);
  const losers = trades.filter((t) => t.netPnl < 0);
  const grossWin = winners.reduce((s, t) => s + t.netPnl, 0);
  const grossLoss = -losers.reduce((s, t) => s + t.netPnl, 0);
  add('net_pnl', 'Net PnL', netPnl, 'currency', 'final equity − initial equity');
  add('total_return', 'Total return', ratio(netPnl, initial), 'share', 'net_pnl / initial equity');
  add('cagr', 'CAGR', years > 0 && initial > 0 ? (finalEquity > 0 ? (finalEquity / initial) ** (1 / years) - 1 : -1) : NA, 'share',
    '(final equity / initial equity)^(1 / years) − 1; −100 % when final equity ≤ 0');
  add('max_drawdown', 'Max drawdown', dd.maxShare, 'share', 'max over cycles of 1 − equity_t / running peak; the path starts at initial equity');
  add('max_drawdown_amount', 'Max drawdown (amount)', dd.maxAmount, 'currency', 'max over cycles of running peak − equity_t');
  add('max_drawdown_duration_days', 'Max drawdown duration', dd.maxDurationDays, 'days',
    'longest time from a peak to the first cycle back at or above it (or to the last cycle, if never)');
  add('ann_volatility', 'Annualised volatility', returns.length >= 2 && typeof cyclesPerYear === 'number' ? sd * annualiser : NA, 'share',
    'sample stdev(r) × sqrt(cycles_per_year); r_t = equity_t / equity_(t−1) − 1, equity_(−1) = initial equity');
  add('sharpe', 'Sharpe ratio', sd > 0 && typeof cyclesPerYear === 'number' ? (meanReturn / sd) * annualiser : NA, 'ratio',
    'mean(r) / sample stdev(r) × sqrt(cycles_per_year); risk-free rate 0');
  add('sortino', 'Sortino ratio', downside > 0 && typeof cyclesPerYear === 'number' ? (meanReturn / downside) * annualiser : NA, 'ratio',
    'mean(r) / sqrt(mean(min(r, 0)²)) × sqrt(cycles_per_year)');
  add('win_rate', 'Win rate', ratio(winners.length, trades.length), 'share', 'trades with net_pnl > 0 / trades');
  add('profit_factor', 'Profit factor', ratio(grossWin, grossLoss), 'ratio',
    'Σ net_pnl of winning trades / abs(Σ net_pnl of losing trades); n/a without a losing trade');
  add('avg_r_per_trade', 'Average R per trade', trades.length > 0 ? mean(trades.map((t) => t.pnlR)) : NA, 'r_multiple', 'mean(pnl_r) over trades');
  add('exposure', 'Exposure', ratio(cycles.filter((c) => c.positions > 0).length, n), 'share', 'cycles with positions > 0 / cycles');
}

/**
 * For each cycle after one that held something, the share of its symbols no longer held. A function of its own,
 * so the engine optimises this loop once per worker rather than on-stack inside each run's metric pass.
 */
function turnoverMetrics(ctx: MetricContext, spans: readonly PositionSpan[], add: AddMetric): void {
  const { run, meanEquity, perYear } = ctx;
  const { fills } = run;
  const traded = sumExact(fills.map((f) => f.exact.notional.replace(/^[+-]/, '')));
  const churnShares = nameChurnShares(run, spans);
  add('traded_notional', 'Traded notional', traded, 'currency', 'Σ abs(notional) over all fills (opening build and end_of_data included)');
  add('mean_equity', 'Mean equity', meanEquity, 'currency', 'mean(equity_t) over cycles');
  const grossTurnover = perYear(traded);
  add('turnover_one_way_annual', 'Turnover, one-way, per year', typeof grossTurnover === 'number' ? grossTurnover / 2 : NA, 'per_year',
    'traded_notional / (2 × mean_equity) / years');
  add('turnover_gross_annual', 'Turnover, gross, per year', grossTurnover, 'per_year', 'traded_notional / mean_equity / years');
  add('name_churn_mean', 'Name churn per cycle', churnShares.length > 0 ? mean(churnShares) : NA, 'share',
    'mean over cycles t with held(t−1) non-empty of count(held(t−1) not in held(t)) / count(held(t−1)); held = symbols held after the cycle’s fills; end_of_data exits excluded');
}

function churnMetrics(ctx: MetricContext, spans: readonly PositionSpan[], add: AddMetric): void {
  const { run, days, swapsMade } = ctx;
  const { settings, trades } = run;
  const events = churnEvents(run, spans);
  const reentries = events.filter((e) => e.kind === 'reentry').length;
  const flipFlops = events.filter((e) => e.kind === 'flip_flop').length;
  const window = settings.reentryWindowCycles;
  const shortLimit = 2 * settings.minHoldMinutes;
  const holding = trades.map((t) => t.holdingMinutes).sort((a, b) => a - b);
  add('swaps_per_day', 'Swaps per day', ratio(swapsMade, days), 'per_day', 'Σ swaps over cycles.csv / span_days');
  add('round_trips_per_day', 'Round trips per day', ratio(trades.length, days), 'per_day', 'trades / span_days');
  add('reentries', 'Re-entries', reentries, 'count',
    `opens of a symbol within reentry_window_cycles = ${plainNumber(window)} cycles (decision to decision) of that symbol’s previous exit`);
  add('flip_flops', 'Flip-flops', flipFlops, 'count',
    `opens of a symbol and direction within ${plainNumber(window)} cycles of that position’s swap_out exit`);
  add('short_holds', 'Short holds', trades.filter((t) => t.holdingMinutes <= shortLimit).length, 'count',
    `trades with holding_minutes ≤ 2 × auction_min_hold_minutes = ${plainNumber(shortLimit)} minutes`);
  for (const [key, p] of [['median', 0.5], ['p10', 0.1], ['p90', 0.9]] as const) {
    add(`holding_minutes_${key}`, `Holding time ${key === 'median' ? 'median' : key}`, quantileOrNa(holding, p), 'minutes',
      `quantile ${p} of holding_minutes over trades (linear interpolation, R type 7)`);
  }
}

function costMetrics(ctx: MetricContext, add: AddMetric): void {
  const { run, perYear } = ctx;
  const { fills, cycles, trades } = run;
  const fees = sumExact(fills.map((f) => f.exact.fee));
  const slippage = sumExact(fills.map((f) => f.exact.slippageCost));
  const funding = sumExact(cycles.map((c) => c.exact.funding));
  const grossBeforeCosts = sumExact(trades.map((t) => t.exact.grossPnl)) + slippage;
  const drag = (amount: number): number | string => (grossBeforeCosts > 0 ? amount / grossBeforeCosts : NA);
  add('fees', 'Fees', fees, 'currency', 'Σ fee over fills');
  add('slippage', 'Slippage', slippage, 'currency', 'Σ slippage_cost over fills (already inside fill prices, never subtracted twice)');
  add('funding', 'Funding', funding, 'currency', 'Σ funding over cycles.csv (paid positive, received negative)');
  add('fees_bp_per_year', 'Fees, bp of mean equity per year', withBp(perYear(fees)), 'bp_per_year', 'fees / mean_equity / years × 10 000');
  add('slippage_bp_per_year', 'Slippage, bp of mean equity per year', withBp(perYear(slippage)), 'bp_per_year', 'slippage / mean_equity / years × 10 000');
  add('funding_bp_per_year', 'Funding, bp of mean equity per year', withBp(perYear(funding)), 'bp_per_year', 'funding / mean_equity / years × 10 000');
  add('gross_pnl_before_costs', 'Gross PnL before costs', grossBeforeCosts, 'currency',
    'Σ gross_pnl over trades + slippage (trades.csv gross_pnl is at slipped fill prices; slippage is added back)');
  add('cost_drag_fees', 'Cost drag: fees', drag(fees), 'share', 'fees / gross_pnl_before_costs; n/a when that is ≤ 0');
  add('cost_drag_slippage', 'Cost drag: slippage', drag(slippage), 'share', 'slippage / gross_pnl_before_costs; n/a when that is ≤ 0');
  add('cost_drag_funding', 'Cost drag: funding', drag(funding), 'share', 'funding / gross_pnl_before_costs; n/a when that is ≤ 0');
  add('cost_drag_total', 'Cost drag: total', drag(fees + slippage + funding), 'share',
    '(fees + slippage + funding) / gross_pnl_before_costs; n/a when that is ≤ 0');
}

function hysteresisMetrics(ctx: MetricContext, add: AddMetric): void {
  const { run, n, swapsMade } = ctx;
  const { settings, cycles } = run;
  const decisions = run.decisions;
  const hurdle = settings.swapThreshold + settings.entryCost - settings.exitCost;
  add('swaps_made', 'Swaps made', swapsMade, 'count', 'Σ swaps over cycles.csv (swap pairs planned)');
  add('swaps_blocked', 'Swaps blocked', cycles.reduce((s, c) => s + c.hysteresisBlocked, 0), 'count',
    'Σ hysteresis_blocked over cycles.csv (held positions kept and candidates refused by the swap hurdle)');
  add('blocked_gap_sum', 'Sum of blocked gaps', decisions === null ? NA : decisions.blockedGapSum, 'score_points',
    'Σ gap over hysteresis_blocked decisions that carry one, gap = swapValue(new) − swapValue(open) − swap_threshold; n/a when the run folder has neither decision_stats.json nor decisions.jsonl.gz');
  add('effective_hurdle', 'Effective hurdle', hurdle, 'score_points',
    `swap_threshold + entry_cost − exit_cost = ${plainNumber(settings.swapThreshold)} + ${plainNumber(settings.entryCost)} − ${plainNumber(settings.exitCost)}; with equal entry and exit costs the costs cancel and the hurdle is swap_threshold alone`);
  add('slot_use_mean', 'Slot use', ratio(n > 0 ? mean(cycles.map((c) => c.positions)) : 0, n > 0 ? settings.maxPositions : 0), 'share',
    `mean(positions) / auction_max_positions = ${plainNumber(settings.maxPositions)}`);
  add('cycles_at_cap', 'Cycles at the slot cap', cycles.filter((c) => c.positions >= settings.maxPositions).length, 'count',
    `cycles with positions ≥ auction_max_positions = ${plainNumber(settings.maxPositions)}`);
  const rejected = decisions?.rejectedByReason ?? null;
  const rejectedTotal = rejected === null ? NA : Object.values(rejected).reduce((s: number, c) => s + (c ?? 0), 0);
  add('rejections_total', 'Candidates rejected', rejectedTotal, 'count',
    'new decisions with outcome reject; n/a when the run folder has neither decision_stats.json nor decisions.jsonl.gz');
  for (const reason of REASON_CODES) {
    const count = rejected === null ? NA : (rejected[reason] ?? 0);
    if (!REJECTION_REASONS.includes(reason) && (count === NA || count === 0)) continue;
    add(`rejections_${reason}`, `Rejected: ${reason}`, count, 'count', `new decisions with outcome reject and reason ${reason}`);
  }
}

function withBp(value: number | string): number | string {
  return typeof value === 'number' ? value * 10_000 : value;
}

/** The summary.json object: metric key → value, in metric order (insertion order is the JSON key order). */
export function summaryJson(metrics: readonly Metric[]): Record<string, number | string> {
  const summary: Record<string, number | string> = {};
  for (const metric of metrics) summary[metric.key] = metric.value;
  return summary;
}

/** Looks a metric up by key (throws on an unknown key: keys are a fixed vocabulary). */
export function metricValue(metrics: readonly Metric[], key: string): number | string {
  const metric = metrics.find((m) => m.key === key);
  if (metric === undefined) throw new Error(`unknown metric ${key}`);
  return metric.value;
}
