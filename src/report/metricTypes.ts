// The metric record: its key, label, value, unit, printed formula and report group (simulator.md §6).

export type MetricUnit =
  | 'currency' | 'share' | 'count' | 'days' | 'minutes' | 'per_day' | 'per_year' | 'bp_per_year' | 'ratio'
  | 'r_multiple' | 'score_points' | 'text';
export type MetricGroup = 'run' | 'performance' | 'turnover' | 'churn' | 'costs' | 'hysteresis';

export interface Metric {
  /** Stable snake_case key, as in summary.json. */
  readonly key: string;
  readonly label: string;
  /** Shares are fractions (0.1 = 10 %); "n/a" when undefined (see NA in metrics.ts). */
  readonly value: number | string;
  readonly unit: MetricUnit;
  /** The definition printed beside the value. Never contains `|` or a backtick (it goes into Markdown tables). */
  readonly formula: string;
  readonly group: MetricGroup;
}
