// Vega-Lite specs of the run report's charts, built from run data; times on UTC scales, periods bucketed in UTC.

import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../io/runReader.js';
import { drawdowns, spanDays } from './metrics.js';
import { churnEvents, compareText } from './positions.js';
import { BASE_CHART_CONFIG, CHART_WIDTH_PX, SERIES_PALETTE } from './chartLook.js';

export interface ChartSpec {
  /** Stable id, used in the page and to keep SVG ids unique. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, printed under it. */
  readonly description: string;
  /** null when there is nothing to draw; `note` says why. */
  readonly spec: TopLevelSpec | null;
  readonly note?: string;
}

/** Plot width in px: the page is ~960 px wide and the axes take the rest. */
const WIDTH_PX = CHART_WIDTH_PX;
const PALETTE = SERIES_PALETTE.slice(0, 6);

const CONFIG = {
  ...BASE_CHART_CONFIG,
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top', direction: 'horizontal', title: null },
  range: { category: PALETTE },
} as const;

/** Temporal x on a UTC scale: labels and ticks never depend on the machine's time zone. */
const timeX = (title: string | null) => ({
  field: 'ts', type: 'temporal', title, scale: { type: 'utc' }, axis: { labelOverlap: true, grid: false },
}) as const;

function topLevel(body: Record<string, unknown>): TopLevelSpec {
  return { config: CONFIG, padding: 8, ...body } as unknown as TopLevelSpec;
}

export type Period = 'day' | 'month';

/** Month buckets once the run spans about two months, day buckets before that. */
export function periodFor(run: RunData): Period {
  return spanDays(run) >= 62 ? 'month' : 'day';
}

/** The UTC period label of a time: `2016-01` or `2016-01-05`. */
export function periodLabel(ms: number, period: Period): string {
  return new Date(ms).toISOString().slice(0, period === 'month' ? 7 : 10);
}

function equityDrawdown(run: RunData): ChartSpec {
  const dd = drawdowns(run).series;
  const values = run.cycles.map((c, i) => ({ ts: c.tsMs, equity: c.equity, drawdown: -(dd[i] ?? 0) }));
  return {
    id: 'equity_drawdown', title: 'Equity and drawdown',
    description: 'Equity at each cycle’s close (top) and the drawdown from the running peak (bottom).',
    spec: values.length === 0 ? null : topLevel({
      data: { values },
      vconcat: [
        { width: WIDTH_PX, height: 220, mark: { type: 'line', strokeWidth: 1.6, color: PALETTE[0] },
          encoding: { x: { ...timeX(null), axis: { labels: false, ticks: false, grid: false, domain: false } },
            y: { field: 'equity', type: 'quantitative', title: 'Equity', scale: { zero: false }, axis: { format: ',.0f' } } } },
        { width: WIDTH_PX, height: 110, mark: { type: 'area', color: '#c9545d', opacity: 0.55, line: { color: '#b5485d', strokeWidth: 1 } },
          encoding: { x: timeX(null), y: { field: 'drawdown', type: 'quantitative', title: 'Drawdown', axis: { format: '.2~%' } } } },
      ],
      spacing: 6,
    }),
    ...(values.length === 0 ? { note: 'No cycles.' } : {}),
  };
}

function positionsHeld(run: RunData): ChartSpec {
  const values = run.cycles.map((c) => ({ ts: c.tsMs, positions: c.positions }));
  const peak = values.reduce((m, v) => Math.max(m, v.positions), 0);
  const cap = run.settings.maxPositions;
  // The cap line would flatten the curve when the book never gets near it; the caption gives the cap then.
  const showCap = peak >= cap / 2;
  const area = { mark: { type: 'area', interpolate: 'step-after', color: PALETTE[0], opacity: 0.35, line: { color: PALETTE[0], strokeWidth: 1.2 } },
    encoding: { x: timeX(null), y: { field: 'positions', type: 'quantitative', title: 'Positions', axis: { tickMinStep: 1 } } } };
  const rule = { data: { values: [{ cap }] }, mark: { type: 'rule', color: '#b5485d', strokeDash: [4, 3] }, encoding: { y: { field: 'cap', type: 'quantitative' } } };
  return {
    id: 'positions', title: 'Positions held',
    description: `Open positions after each cycle’s fills; the slot cap (auction_max_positions) is ${cap}${showCap ? ', dashed' : ''}.`,
    spec: values.length === 0 ? null : topLevel({ data: { values }, width: WIDTH_PX, height: 160, layer: showCap ? [area, rule] : [area] }),
    ...(values.length === 0 ? { note: 'No cycles.' } : {}),
  };
}

function turnoverCosts(run: RunData): ChartSpec {
  const period = periodFor(run);
  const buckets = new Map<string, { traded: number; fees: number; slippage: number; funding: number }>();
  for (const c of run.cycles) {
    const key = periodLabel(c.tsMs, period);
    const b = buckets.get(key) ?? { traded: 0, fees: 0, slippage: 0, funding: 0 };
    b.traded += c.tradedNotional;
    b.fees += c.fees;
    b.slippage += c.slippage;
    b.funding += c.funding;
    buckets.set(key, b);
  }
  const traded = [...buckets].map(([p, b]) => ({ period: p, traded: b.traded }));
  const costs = [...buckets].flatMap(([p, b]) => [
    { period: p, cost: 'fees', amount: b.fees }, { period: p, cost: 'slippage', amount: b.slippage }, { period: p, cost: 'funding', amount: b.funding },
  ]);
  const x = { field: 'period', type: 'ordinal', title: null, sort: null, axis: { labelAngle: -45, labelOverlap: true } };
  return {
    id: 'turnover_costs', title: `Turnover and costs per ${period}`,
    description: `Traded notional (top) and fees, slippage and funding (bottom) per UTC ${period}, from cycles.csv.`,
    spec: traded.length === 0 ? null : topLevel({
      vconcat: [
        { data: { values: traded }, width: WIDTH_PX, height: 140, mark: { type: 'bar', color: PALETTE[0] },
          encoding: { x: { ...x, axis: { labels: false, ticks: false } }, y: { field: 'traded', type: 'quantitative', title: 'Traded notional', axis: { format: ',.0f' } } } },
        { data: { values: costs }, width: WIDTH_PX, height: 140, mark: { type: 'bar' },
          encoding: { x, y: { field: 'amount', type: 'quantitative', title: 'Costs', axis: { format: ',.0f' } },
            color: { field: 'cost', type: 'nominal', scale: { domain: ['fees', 'slippage', 'funding'], range: [PALETTE[1], PALETTE[4], PALETTE[2]] } },
            order: { field: 'cost', sort: 'ascending' } } },
      ],
      spacing: 6,
    }),
    ...(traded.length === 0 ? { note: 'No cycles.' } : {}),
  };
}

function holdingHistogram(run: RunData): ChartSpec {
  const minutes = run.trades.map((t) => t.holdingMinutes);
  const sorted = [...minutes].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const [unit, per] = median >= 1440 ? ['days', 1440] : median >= 60 ? ['hours', 60] : ['minutes', 1];
  const values = minutes.map((m) => ({ holding: m / per }));
  return {
    id: 'holding_histogram', title: 'Holding time',
    description: `Round trips by holding time, in ${unit}.`,
    spec: values.length === 0 ? null : topLevel({
      data: { values }, width: WIDTH_PX, height: 160, mark: { type: 'bar', color: PALETTE[0], binSpacing: 1 },
      encoding: { x: { field: 'holding', type: 'quantitative', bin: { maxbins: 30 }, title: `Holding time (${unit})` },
        y: { aggregate: 'count', type: 'quantitative', title: 'Trades', axis: { tickMinStep: 1 } } },
    }),
    ...(values.length === 0 ? { note: 'No round trips.' } : {}),
  };
}

const CHURN_KINDS = ['swap', 'reentry', 'flip_flop'] as const;

function churnChart(run: RunData): ChartSpec {
  const period = periodFor(run);
  const counts = new Map<string, Record<(typeof CHURN_KINDS)[number], number>>();
  const bump = (ms: number, kind: (typeof CHURN_KINDS)[number], by: number): void => {
    const key = periodLabel(ms, period);
    const row = counts.get(key) ?? { swap: 0, reentry: 0, flip_flop: 0 };
    row[kind] += by;
    counts.set(key, row);
  };
  // Every period of the run gets a slot, so quiet stretches show as gaps rather than vanishing.
  for (const c of run.cycles) bump(c.tsMs, 'swap', c.swaps);
  const events = churnEvents(run);
  for (const e of events) bump(e.cycleMs, e.kind, 1);
  const keys = [...counts.keys()].sort(compareText);
  const values = keys.flatMap((key) => CHURN_KINDS.map((kind) => ({ period: key, event: kind, count: (counts.get(key) as Record<string, number>)[kind] })));
  const total = values.reduce((s, v) => s + v.count, 0);
  return {
    id: 'churn_events', title: `Churn events per ${period}`,
    description: `Swaps made, re-entries (reopened within ${run.settings.reentryWindowCycles} cycles of an exit) and flip-flops (swapped out and back in) per UTC ${period}.`,
    spec: total === 0 ? null : topLevel({
      data: { values }, width: WIDTH_PX, height: 160, mark: { type: 'bar' },
      encoding: { x: { field: 'period', type: 'ordinal', title: null, sort: null, axis: { labelAngle: -45, labelOverlap: true } },
        xOffset: { field: 'event', type: 'nominal', sort: [...CHURN_KINDS] },
        y: { field: 'count', type: 'quantitative', title: 'Events', axis: { tickMinStep: 1 } },
        color: { field: 'event', type: 'nominal', scale: { domain: [...CHURN_KINDS], range: [PALETTE[0], PALETTE[1], PALETTE[3]] } } },
    }),
    ...(total === 0 ? { note: 'No swaps, re-entries or flip-flops.' } : {}),
  };
}

function rejections(run: RunData): ChartSpec {
  const base = { id: 'rejections', title: 'Candidates rejected, by reason', description: 'New candidates the allocator refused, by the reason it gave (decisions.jsonl.gz).' };
  if (run.decisions === null) return { ...base, spec: null, note: 'The run folder has neither decision_stats.json nor decisions.jsonl.gz.' };
  const values = Object.entries(run.decisions.rejectedByReason)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([reason, count]) => ({ reason, count: count ?? 0 })).sort((a, b) => b.count - a.count || compareText(a.reason, b.reason));
  if (values.length === 0) return { ...base, spec: null, note: 'No candidate was rejected.' };
  return {
    ...base,
    spec: topLevel({
      data: { values }, width: WIDTH_PX - 80, height: { step: 22 }, mark: { type: 'bar', color: PALETTE[1] },
      encoding: { y: { field: 'reason', type: 'nominal', title: null, sort: null }, x: { field: 'count', type: 'quantitative', title: 'Candidates', axis: { tickMinStep: 1 } } },
    }),
  };
}

function baselineEquity(run: RunData, baseline: RunData): ChartSpec {
  const values = [
    ...run.cycles.map((c) => ({ ts: c.tsMs, equity: c.equity, policy: 'auction' })),
    ...baseline.cycles.map((c) => ({ ts: c.tsMs, equity: c.equity, policy: 'baseline' })),
  ];
  return {
    id: 'baseline_equity', title: 'Auction vs baseline equity',
    description: 'Equity of the auction policy and of the baseline (fill free slots, exit only by stop, take profit or end of data) on the same data.',
    spec: topLevel({
      data: { values }, width: WIDTH_PX, height: 220, mark: { type: 'line', strokeWidth: 1.6 },
      encoding: { x: timeX(null), y: { field: 'equity', type: 'quantitative', title: 'Equity', scale: { zero: false }, axis: { format: ',.0f' } },
        color: { field: 'policy', type: 'nominal', scale: { domain: ['auction', 'baseline'], range: [PALETTE[0], PALETTE[5]] } } },
    }),
  };
}

/** The report's charts in page order; the baseline comparison only when a baseline is given. */
export function chartSpecs(run: RunData, baseline?: RunData | null): ChartSpec[] {
  const charts = [equityDrawdown(run)];
  if (baseline) charts.push(baselineEquity(run, baseline));
  charts.push(positionsHeld(run), turnoverCosts(run), holdingHistogram(run), churnChart(run), rejections(run));
  return charts;
}
