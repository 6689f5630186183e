// What a sweep report shows, derived once from a sweep folder: counts, the best point, slices of the grid, walk-forward.

import { InputError } from '../io/inputError.js';
import {
  gridValueText, type GridAxis, type GridPoint, type GridValue, type MetricCell, type SweepData, type SweepResult, type WalkForwardFold,
} from '../io/sweepReader.js';
import { fixed, groupThousands, money, percent } from './format.js';
import type { MetricUnit } from './metrics.js';
import { choiceOf, conditionsOf, verdictOf } from './walkForwardSummary.js';

export interface SweepReportOptions {
  /** The two axes the heatmaps span, as [x, y]; default the plan's first two axes (with one axis, a single row). */
  readonly heatmapAxes?: readonly [string, string];
  /** The metrics drawn as heatmaps; default net PnL, one-way annual turnover and total cost drag. */
  readonly heatmapMetrics?: readonly string[];
}

export const THRESHOLD_KEY = 'risk.auction_swap_threshold';
export const FEE_KEY = 'sim.fee_bps';
export const SLIPPAGE_KEY = 'sim.slippage_bps';
export const DEFAULT_HEATMAP_METRICS: readonly string[] = ['net_pnl', 'turnover_one_way_annual', 'cost_drag_total'];
/** Churn metrics plotted against the swap threshold (net PnL joins them). */
export const CHURN_METRICS: readonly string[] = ['swaps_per_day', 'round_trips_per_day', 'reentries', 'flip_flops', 'net_pnl'];
/** Columns of the results table after the parameters (the rank_by metric is added when not among them). */
export const HEADLINE_METRICS: readonly string[] = [
  'net_pnl', 'sharpe', 'max_drawdown', 'turnover_one_way_annual', 'swaps_per_day', 'round_trips_per_day',
  'reentries', 'flip_flops', 'cost_drag_total',
];
/** Rows of the best point's table (the rank_by metric is added when not among them). */
export const BEST_POINT_METRICS: readonly string[] = [
  'net_pnl', 'total_return', 'sharpe', 'max_drawdown', 'turnover_one_way_annual', 'turnover_gross_annual', 'swaps_per_day',
  'round_trips_per_day', 'reentries', 'flip_flops', 'short_holds', 'fees', 'slippage', 'funding', 'cost_drag_total',
  'swaps_made', 'swaps_blocked', 'effective_hurdle',
];

/**
 * Metrics where less is better (the sweep's walk-forward ranks by the same rule, src/cli/walkForward.ts);
 * every other metric ranks higher-first.
 */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set([
  'max_drawdown', 'max_drawdown_amount', 'max_drawdown_duration_days', 'ann_volatility', 'turnover_one_way_annual',
  'turnover_gross_annual', 'name_churn_mean', 'swaps_per_day', 'round_trips_per_day', 'reentries', 'flip_flops', 'short_holds',
  'fees', 'slippage', 'funding', 'fees_bp_per_year', 'slippage_bp_per_year', 'funding_bp_per_year', 'cost_drag_fees',
  'cost_drag_slippage', 'cost_drag_funding', 'cost_drag_total',
]);

interface MetricInfo {
  readonly label: string;
  readonly unit: MetricUnit;
}

/** Labels and units of the metrics a sweep report names (the same as the run report's, src/report/metrics.ts). */
const METRIC_INFO: Readonly<Record<string, MetricInfo>> = {
  net_pnl: { label: 'Net PnL', unit: 'currency' },
  total_return: { label: 'Total return', unit: 'share' },
  cagr: { label: 'CAGR', unit: 'share' },
  max_drawdown: { label: 'Max drawdown', unit: 'share' },
  ann_volatility: { label: 'Annualised volatility', unit: 'share' },
  sharpe: { label: 'Sharpe', unit: 'ratio' },
  sortino: { label: 'Sortino', unit: 'ratio' },
  win_rate: { label: 'Win rate', unit: 'share' },
  profit_factor: { label: 'Profit factor', unit: 'ratio' },
  trades: { label: 'Round trips', unit: 'count' },
  turnover_one_way_annual: { label: 'Turnover, one-way, per year', unit: 'per_year' },
  turnover_gross_annual: { label: 'Turnover, gross, per year', unit: 'per_year' },
  name_churn_mean: { label: 'Name churn per cycle', unit: 'share' },
  swaps_per_day: { label: 'Swaps per day', unit: 'per_day' },
  round_trips_per_day: { label: 'Round trips per day', unit: 'per_day' },
  reentries: { label: 'Re-entries', unit: 'count' },
  flip_flops: { label: 'Flip-flops', unit: 'count' },
  short_holds: { label: 'Short holds', unit: 'count' },
  fees: { label: 'Fees', unit: 'currency' },
  slippage: { label: 'Slippage', unit: 'currency' },
  funding: { label: 'Funding', unit: 'currency' },
  cost_drag_total: { label: 'Cost drag, total', unit: 'share' },
  cost_drag_fees: { label: 'Cost drag, fees', unit: 'share' },
  cost_drag_slippage: { label: 'Cost drag, slippage', unit: 'share' },
  swaps_made: { label: 'Swaps made', unit: 'count' },
  swaps_blocked: { label: 'Swaps blocked', unit: 'count' },
  effective_hurdle: { label: 'Effective hurdle', unit: 'score_points' },
};

export function metricLabel(key: string): string {
  return METRIC_INFO[key]?.label ?? key;
}

/** Compact column headings for wide tables (the results and walk-forward tables). */
const SHORT_LABELS: Readonly<Record<string, string>> = {
  total_return: 'Return',
  max_drawdown: 'Max DD',
  turnover_one_way_annual: 'Turnover 1-way /yr',
  turnover_gross_annual: 'Turnover gross /yr',
  swaps_per_day: 'Swaps /day',
  round_trips_per_day: 'Round trips /day',
  cost_drag_total: 'Cost drag',
};

export function shortLabel(key: string): string {
  return SHORT_LABELS[key] ?? metricLabel(key);
}

export function metricUnit(key: string): MetricUnit {
  return METRIC_INFO[key]?.unit ?? 'text';
}

/** A metric value as a table or heatmap cell prints it: compact, the unit left to the column heading. */
export function cellText(key: string, value: MetricCell | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  switch (metricUnit(key)) {
    case 'currency':
      return Math.abs(value) >= 100_000 ? groupThousands(fixed(value, 0)) : money(value);
    case 'share':
      return percent(value, 1);
    case 'count':
      return groupThousands(fixed(value, Number.isInteger(value) ? 0 : 2));
    case 'per_day':
      return fixed(value, 3);
    case 'ratio':
      return fixed(value, 2);
    default:
      return groupThousands(fixed(value, 2));
  }
}

/** A parameter value as the report prints it (as results.csv writes it). */
export const valueText = gridValueText;

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric);
}

/** The best finished point by `rankBy` (numbers only); ties go to the earlier point, as in walk-forward. */
export function bestResult(results: readonly SweepResult[], rankBy: string): SweepResult | null {
  const sign = lowerIsBetter(rankBy) ? -1 : 1;
  let best: SweepResult | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const r of [...results].sort((a, b) => a.point.index - b.point.index)) {
    const v = r.status === 'ok' ? r.metrics[rankBy] : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (sign * v > bestScore) {
      best = r;
      bestScore = sign * v;
    }
  }
  return best;
}

export interface FixedAxis {
  readonly key: string;
  readonly value: GridValue;
}

/** A cell of a chart or table: one grid point, where it sits, and its result (undefined when it was not run). */
export interface SlicePoint {
  readonly point: GridPoint;
  readonly result: SweepResult | undefined;
  readonly values: Readonly<Record<string, GridValue>>;
}

/** The grid points whose axes outside `free` sit at the anchor's values. */
export interface Slice {
  readonly free: readonly GridAxis[];
  readonly fixed: readonly FixedAxis[];
  readonly points: readonly SlicePoint[];
}

export interface HeatmapCell {
  readonly x: string;
  readonly y: string;
  /** The number drawn; null when the cell has none (text says why). */
  readonly value: number | null;
  readonly text: string;
}

export interface Heatmap {
  readonly metric: string;
  readonly cells: readonly HeatmapCell[];
}

export interface HeatmapSet {
  readonly x: GridAxis;
  readonly y: GridAxis | null;
  readonly fixed: readonly FixedAxis[];
  readonly maps: readonly Heatmap[];
}

/** A line chart's data: the x axis, one line per value of the series axis, other axes fixed. */
export interface LineSet {
  readonly x: GridAxis;
  readonly series: GridAxis | null;
  readonly fixed: readonly FixedAxis[];
  readonly points: readonly SlicePoint[];
}

export interface WalkForwardSummary {
  readonly folds: readonly WalkForwardFold[];
  /** The conditions of the folds in file (grid) order; [''] when no axis is a condition (a cost or the seed). */
  readonly conditions: readonly string[];
  readonly metricKeys: readonly string[];
  readonly rankBy: string;
  /** Did the chosen parameters hold up out of sample: one sentence, or one per condition when there are several. */
  readonly verdict: string;
  /** Which points were chosen: one sentence, or the choice at each condition when there are several. */
  readonly choice: string;
}

export interface SweepModel {
  readonly data: SweepData;
  readonly ok: readonly SweepResult[];
  readonly failed: readonly SweepResult[];
  /** Points of the plan without a row in results.csv (a shard not merged, an interrupted sweep). */
  readonly notRun: readonly GridPoint[];
  readonly rankBy: string;
  readonly best: SweepResult | null;
  /** Metric columns of the results table, in order. */
  readonly tableMetrics: readonly string[];
  /** Rows of the best point's table, in order. */
  readonly bestMetrics: readonly string[];
  readonly heatmaps: HeatmapSet | null;
  readonly churn: LineSet | null;
  readonly costs: readonly LineSet[];
  readonly walkForward: WalkForwardSummary | null;
}


/** `key = value` pairs of a point, in axis order. */
export function pointParams(point: GridPoint): string {
  return point.values.map((v) => `${v.key} = ${valueText(v.value)}`).join(', ');
}

function resultOf(data: SweepData): Map<string, SweepResult> {
  return new Map(data.results.map((r) => [r.point.id, r]));
}

/** Points with every axis outside `free` at `anchor`'s value, in grid order. */
function sliceOf(data: SweepData, byId: Map<string, SweepResult>, free: readonly string[], anchor: GridPoint | undefined): Slice {
  const fixedAxes: FixedAxis[] = anchor === undefined ? [] : anchor.values.filter((v) => !free.includes(v.key)).map((v) => ({ key: v.key, value: v.value }));
  const points = data.plan.points
    .filter((p) => fixedAxes.every((f) => p.values.some((v) => v.key === f.key && v.value === f.value)))
    .map((point) => ({ point, result: byId.get(point.id), values: Object.fromEntries(point.values.map((v) => [v.key, v.value])) }));
  return { free: data.plan.axes.filter((a) => free.includes(a.key)), fixed: fixedAxes, points };
}

function heatmapCell(metric: string, sp: SlicePoint): { value: number | null; text: string } {
  if (sp.result === undefined) return { value: null, text: 'not run' };
  if (sp.result.status === 'failed') return { value: null, text: 'failed' };
  const v = sp.result.metrics[metric];
  if (typeof v === 'number') return { value: v, text: cellText(metric, v) };
  return { value: null, text: v ?? '—' };
}

function buildHeatmaps(data: SweepData, byId: Map<string, SweepResult>, anchor: GridPoint | undefined, options: SweepReportOptions): HeatmapSet | null {
  const axes = data.plan.axes;
  // Metrics asked for must exist; the defaults are drawn when results.csv has them (all of them before anything ran).
  const known = (m: string): boolean => data.results.length === 0 || data.metricKeys.includes(m);
  const metrics = [...new Set(options.heatmapMetrics ?? DEFAULT_HEATMAP_METRICS.filter(known))];
  const issues = [];
  if (options.heatmapAxes !== undefined) {
    const [x, y] = options.heatmapAxes;
    for (const key of [x, y]) {
      if (!axes.some((a) => a.key === key)) issues.push({ file: 'heatmap axes', field: key, message: `expected an axis of the sweep: ${axes.map((a) => a.key).join(', ')}` });
    }
    if (x === y) issues.push({ file: 'heatmap axes', field: x, message: 'expected two different axes' });
  }
  for (const m of metrics) {
    if (!known(m)) issues.push({ file: 'heatmap metrics', field: m, message: 'expected a metric column of results.csv' });
  }
  if (issues.length > 0) throw new InputError(issues);
  if (axes.length === 0) return null;
  const [xKey, yKey] = options.heatmapAxes ?? [axes[0]?.key as string, axes[1]?.key];
  const x = axes.find((a) => a.key === xKey) as GridAxis;
  const y = yKey === undefined ? null : (axes.find((a) => a.key === yKey) ?? null);
  const slice = sliceOf(data, byId, y === null ? [x.key] : [x.key, y.key], anchor);
  const maps = metrics.map((metric) => ({
    metric,
    cells: slice.points.map((sp) => ({
      x: valueText(sp.values[x.key] ?? null),
      y: y === null ? '' : valueText(sp.values[y.key] ?? null),
      ...heatmapCell(metric, sp),
    })),
  }));
  return { x, y, fixed: slice.fixed, maps };
}

/** Lines over `xKey`, one per value of the first other axis with more than one value; the rest fixed at the anchor. */
function buildLines(data: SweepData, byId: Map<string, SweepResult>, xKey: string, anchor: GridPoint | undefined): LineSet | null {
  const x = data.plan.axes.find((a) => a.key === xKey);
  if (x === undefined) return null;
  const series = data.plan.axes.find((a) => a.key !== xKey && a.values.length > 1) ?? null;
  const slice = sliceOf(data, byId, series === null ? [xKey] : [xKey, series.key], anchor);
  return { x, series, fixed: slice.fixed, points: slice.points };
}

/** Everything the sweep report prints and draws; throws InputError for heatmap options that do not fit the sweep. */
export function buildSweepModel(data: SweepData, options: SweepReportOptions = {}): SweepModel {
  const byId = resultOf(data);
  const ok = data.results.filter((r) => r.status === 'ok');
  const failed = data.results.filter((r) => r.status === 'failed');
  const notRun = data.plan.points.filter((p) => !byId.has(p.id));
  const rankBy = data.plan.rankBy;
  const best = bestResult(data.results, rankBy);
  const anchor = best?.point ?? ok[0]?.point ?? data.plan.points[0];
  const present = (list: readonly string[]): string[] => {
    const keys = list.filter((m) => data.metricKeys.includes(m));
    return data.metricKeys.includes(rankBy) && !keys.includes(rankBy) ? [...keys, rankBy] : keys;
  };
  const tableMetrics = present(HEADLINE_METRICS);
  const bestMetrics = present(BEST_POINT_METRICS);
  const costs = [FEE_KEY, SLIPPAGE_KEY].map((k) => buildLines(data, byId, k, anchor)).filter((l): l is LineSet => l !== null);
  const walkForward = data.walkForward === null ? null : {
    folds: data.walkForward, conditions: conditionsOf(data.walkForward), metricKeys: data.walkForwardMetricKeys,
    rankBy: data.walkForward[0]?.rankBy ?? rankBy, verdict: verdictOf(data.walkForward), choice: choiceOf(data.walkForward, data.plan.points),
  };
  return {
    data, ok, failed, notRun, rankBy, best, tableMetrics, bestMetrics,
    heatmaps: buildHeatmaps(data, byId, anchor, options),
    churn: buildLines(data, byId, THRESHOLD_KEY, anchor),
    costs, walkForward,
  };
}

/** `Other axes at the best point's values: k = v, ...`, or '' when the chart spans every axis. */
export function fixedText(fixedAxes: readonly FixedAxis[], best: SweepResult | null): string {
  if (fixedAxes.length === 0) return '';
  const at = best === null ? 'the values of the first point run' : 'the best point’s values';
  return `Other axes at ${at}: ${fixedAxes.map((f) => `${f.key} = ${valueText(f.value)}`).join(', ')}.`;
}

/** The heatmaps' common caption: what the axes are, what a cell is, which slice of a larger grid they show. */
export function heatmapIntro(model: SweepModel): string {
  const set = model.heatmaps;
  if (set === null) return '';
  const over = set.y === null ? `over ${set.x.key} (across)` : `over ${set.x.key} (across) and ${set.y.key} (down)`;
  const fixedNote = fixedText(set.fixed, model.best);
  return `Each heatmap spans the grid ${over}; each cell is one grid point with its value printed, darker is larger; failed points and points not run are grey.${fixedNote === '' ? '' : ` ${fixedNote}`}`;
}
