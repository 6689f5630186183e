// What a run report says, independent of Markdown or HTML: metrics, the baseline comparison, the hurdle, capped tables.

import type { RunData, TradeRow, UnfilledRow } from '../io/runReader.js';
import { formatDifference, formatMetric, plainNumber as num, shortTs } from './format.js';
import { computeMetrics, type Metric } from './metrics.js';
import { compareText } from './positions.js';

/** Rows of a table the report prints before saying how many it left out. */
export const MAX_TABLE_ROWS = 200;

/** The metrics users compare between the auction and the baseline: PnL, turnover, churn, cost drag. */
export const COMPARISON_KEYS = [
  'net_pnl', 'total_return', 'max_drawdown', 'sharpe', 'trades', 'turnover_one_way_annual', 'turnover_gross_annual',
  'name_churn_mean', 'round_trips_per_day', 'swaps_per_day', 'reentries', 'flip_flops', 'short_holds',
  'fees', 'slippage', 'funding', 'cost_drag_total',
] as const;

export interface ComparisonRow {
  readonly key: string;
  readonly label: string;
  readonly auction: string;
  readonly baseline: string;
  readonly difference: string;
}

export interface SettingRow {
  readonly section: 'risk' | 'sim';
  readonly key: string;
  /** JSON text of the value as the manifest holds it. */
  readonly value: string;
}

export interface ReportModel {
  readonly run: RunData;
  readonly baseline: RunData | null;
  readonly metrics: readonly Metric[];
  readonly baselineMetrics: readonly Metric[] | null;
  readonly comparison: readonly ComparisonRow[];
  /** The effective hurdle, spelled out. */
  readonly hurdleText: string;
  readonly periodText: string;
  readonly trades: readonly TradeRow[];
  readonly tradesOmitted: number;
  readonly unfilled: readonly UnfilledRow[];
  readonly unfilledOmitted: number;
  readonly settings: readonly SettingRow[];
}

/** The sentence every report prints about the swap hurdle (allocator.md §3: the costs enter as entry − exit). */
export function hurdleSentence(run: RunData): string {
  const { swapThreshold, entryCost, exitCost } = run.settings;
  const effective = swapThreshold + entryCost - exitCost;
  const head = `Effective swap hurdle = swap_threshold + entry_cost − exit_cost = ${num(swapThreshold)} + ${num(entryCost)} − ${num(exitCost)} = ${num(effective)} score points.`;
  const cancel = 'With equal entry and exit costs the costs cancel, and the hurdle is swap_threshold alone';
  return entryCost === exitCost
    ? `${head} ${cancel}, as here.`
    : `${head} ${cancel}; here they differ, shifting the hurdle by ${num(entryCost - exitCost)}.`;
}

function comparisonRows(metrics: readonly Metric[], baseline: readonly Metric[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const key of COMPARISON_KEYS) {
    const a = metrics.find((m) => m.key === key);
    const b = baseline.find((m) => m.key === key);
    if (a === undefined || b === undefined) continue;
    rows.push({ key, label: a.label, auction: formatMetric(a), baseline: formatMetric(b), difference: formatDifference(a, b) });
  }
  return rows;
}

function settingRows(run: RunData): SettingRow[] {
  const rows: SettingRow[] = [];
  for (const section of ['risk', 'sim'] as const) {
    const entries = Object.entries(run.manifest.scenario[section]).sort(([a], [b]) => compareText(a, b));
    for (const [key, value] of entries) rows.push({ section, key, value: JSON.stringify(value) ?? 'null' });
  }
  return rows;
}

/** Builds the report's content; `baseline` defaults to the run's own baseline/ sub-folder. */
export function buildReportModel(run: RunData, baseline?: RunData | null): ReportModel {
  const other = baseline === undefined ? run.baseline : baseline;
  const metrics = computeMetrics(run);
  const baselineMetrics = other === null ? null : computeMetrics(other);
  const trades = [...run.trades].sort((a, b) => a.entryMs - b.entryMs || compareText(a.positionId, b.positionId));
  const unfilled = [...run.unfilled].sort((a, b) => a.cycleMs - b.cycleMs || compareText(a.positionId, b.positionId));
  const first = run.cycles[0];
  const last = run.cycles[run.cycles.length - 1];
  return {
    run,
    baseline: other,
    metrics,
    baselineMetrics,
    comparison: baselineMetrics === null ? [] : comparisonRows(metrics, baselineMetrics),
    hurdleText: hurdleSentence(run),
    periodText: first === undefined || last === undefined
      ? 'no cycles'
      : `${run.cycles.length} cycles from ${shortTs(first.tsMs)} to ${shortTs(last.tsMs)} (UTC)`,
    trades: trades.slice(0, MAX_TABLE_ROWS),
    tradesOmitted: Math.max(0, trades.length - MAX_TABLE_ROWS),
    unfilled: unfilled.slice(0, MAX_TABLE_ROWS),
    unfilledOmitted: Math.max(0, unfilled.length - MAX_TABLE_ROWS),
    settings: settingRows(run),
  };
}
