// Vega-Lite specs of the sweep report's charts (heatmaps, churn and cost curves, PnL vs turnover, walk-forward), rendered to SVG.

import type { TopLevelSpec } from 'vega-lite';
import type { GridAxis } from '../io/sweepReader.js';
import { BASE_CHART_CONFIG, CHART_WIDTH_PX, SERIES_PALETTE } from './chartLook.js';
import type { ChartSpec } from './chartSpecs.js';
import { specToSvg, type ChartSvg } from './charts.js';
import { cellText, CHURN_METRICS, fixedText, lowerIsBetter, metricLabel, metricUnit, valueText, type Heatmap, type HeatmapSet, type LineSet, type SweepModel } from './sweepModel.js';
import { windowDays } from './walkForwardSummary.js';

// The run report's look (chartLook.ts), with all ten series colours: a grid axis may have many values.
const PALETTE = SERIES_PALETTE;
const INK = '#1f2933';
const CONFIG = {
  ...BASE_CHART_CONFIG,
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', orient: 'top', direction: 'horizontal', titleLimit: 400, labelLimit: 220 },
  header: { labelFontSize: 12, labelColor: INK, title: null },
  title: { fontSize: 12, fontWeight: 'bold', color: INK, anchor: 'start', offset: 6 },
  concat: { spacing: 28 },
  range: { category: PALETTE },
} as const;

const WIDTH_PX = CHART_WIDTH_PX;

function topLevel(body: Record<string, unknown>): TopLevelSpec {
  return { config: CONFIG, padding: 8, ...body } as unknown as TopLevelSpec;
}

/** d3 format of a metric's axis or legend. */
function axisFormat(metric: string): string {
  switch (metricUnit(metric)) {
    case 'currency':
      return ',.0f';
    case 'share':
      return '.0%';
    case 'count':
      return ',.0f';
    default:
      return ',.2~f';
  }
}

const isNumericAxis = (axis: GridAxis): boolean => axis.values.every((v) => typeof v === 'number');

/** Where a value sits on the heatmap's colour scale (0 light … 1 dark), to pick a readable text colour. */
function shade(value: number, min: number, max: number, diverging: boolean): number {
  if (diverging) return value < 0 ? 0.5 * (1 - value / min) : 0.5 + (0.5 * value) / max;
  return max > min ? (value - min) / (max - min) : 0.5;
}

function heatmapSpec(set: HeatmapSet, map: Heatmap): TopLevelSpec | null {
  if (map.cells.length === 0) return null;
  const numbers = map.cells.map((c) => c.value).filter((v): v is number => v !== null);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const diverging = numbers.length > 0 && min < 0 && max > 0;
  const values = map.cells.map((c) => {
    const t = c.value === null ? 0 : shade(c.value, min, max, diverging);
    const light = c.value !== null && (diverging ? Math.abs(t - 0.5) > 0.3 : t > 0.6);
    return { x: c.x, y: c.y, value: c.value, text: c.text, ink: c.value === null ? 'muted' : light ? 'light' : 'dark' };
  });
  const xLabels = set.x.values.map(valueText);
  const yLabels = set.y?.values.map(valueText) ?? [];
  const step = Math.max(44, Math.min(76, Math.floor(WIDTH_PX / Math.max(1, xLabels.length))));
  const scale = diverging
    ? { scheme: 'redblue', domainMid: 0 }
    : { scheme: lowerIsBetter(map.metric) ? 'oranges' : 'blues' };
  const encoding: Record<string, unknown> = {
    x: { field: 'x', type: 'ordinal', sort: xLabels, title: set.x.key, axis: { labelAngle: 0, labelLimit: step - 6, domain: false, ticks: false } },
  };
  if (set.y !== null) encoding.y = { field: 'y', type: 'ordinal', sort: yLabels, title: set.y.key, axis: { labelLimit: 160, domain: false, ticks: false } };
  return topLevel({
    data: { values },
    width: { step },
    height: set.y === null ? 40 : { step: 38 },
    encoding,
    layer: [
      { mark: { type: 'rect', color: '#f1f3f5', stroke: 'white', strokeWidth: 2 } },
      {
        transform: [{ filter: 'isValid(datum.value)' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: { color: { field: 'value', type: 'quantitative', scale, title: null,
          legend: { format: axisFormat(map.metric), gradientLength: Math.max(120, Math.min(220, step * xLabels.length)), tickCount: 4 } } },
      },
      {
        mark: { type: 'text', fontSize: 11, limit: step - 4 },
        encoding: { text: { field: 'text' },
          color: { field: 'ink', type: 'nominal', scale: { domain: ['dark', 'light', 'muted'], range: [INK, '#ffffff', '#7b8794'] }, legend: null } },
      },
    ],
  });
}

function heatmapCharts(model: SweepModel): ChartSpec[] {
  const set = model.heatmaps;
  if (set === null) return [];
  return set.maps.map((map) => {
    const spec = heatmapSpec(set, map);
    const direction = lowerIsBetter(map.metric) ? 'lower is better' : 'higher is better';
    return {
      id: `heatmap_${map.metric}`,
      title: metricLabel(map.metric),
      description: `${metricLabel(map.metric)} (${map.metric}) per grid point; ${direction}.`,
      spec,
      ...(spec === null ? { note: 'No grid point in this slice.' } : {}),
    };
  });
}

/** One small line chart per metric, side by side, one line per value of the series axis. */
function linePanels(lines: LineSet, metrics: readonly string[], panelWidth: number): TopLevelSpec | null {
  const numericX = isNumericAxis(lines.x);
  const seriesLabels = lines.series?.values.map(valueText) ?? [];
  const rows = lines.points.flatMap((sp) => {
    if (sp.result === undefined || sp.result.status !== 'ok') return [];
    const xValue = sp.values[lines.x.key] ?? null;
    return metrics.flatMap((metric) => {
      const value = sp.result?.metrics[metric];
      if (typeof value !== 'number') return [];
      return [{ x: numericX ? xValue : valueText(xValue), series: lines.series === null ? '' : valueText(sp.values[lines.series.key] ?? null), metric, value }];
    });
  });
  if (rows.length === 0) return null;
  const x = numericX
    ? { field: 'x', type: 'quantitative', title: lines.x.key, axis: { values: lines.x.values, grid: false, format: ',~f' }, scale: { nice: false, padding: 10 } }
    : { field: 'x', type: 'ordinal', title: lines.x.key, sort: lines.x.values.map(valueText), axis: { labelAngle: 0 } };
  const color = lines.series === null
    ? { value: PALETTE[0] }
    : { field: 'series', type: 'nominal', sort: seriesLabels, title: lines.series.key, scale: { domain: seriesLabels, range: PALETTE } };
  const panels = metrics
    .filter((metric) => rows.some((r) => r.metric === metric))
    .map((metric) => ({
      title: metricLabel(metric),
      width: panelWidth,
      height: 150,
      transform: [{ filter: { field: 'metric', equal: metric } }],
      mark: { type: 'line', strokeWidth: 1.8, point: { size: 40, filled: true } },
      encoding: {
        x, color,
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false }, axis: { format: axisFormat(metric), tickCount: 5 } },
      },
    }));
  const columns = Math.max(1, Math.min(panels.length, Math.floor((WIDTH_PX + 100) / (panelWidth + 80))));
  return topLevel({ data: { values: rows }, concat: panels, columns });
}

function linesDescription(lines: LineSet, model: SweepModel): string {
  const per = lines.series === null ? 'One line' : `One line per value of ${lines.series.key}`;
  const fixedNote = fixedText(lines.fixed, model.best);
  return `${per}; each dot is a grid point that ran (failed points are left out).${fixedNote === '' ? '' : ` ${fixedNote}`}`;
}

function churnChart(model: SweepModel): ChartSpec {
  const base = { id: 'churn_threshold', title: 'Churn and net PnL against the swap threshold' };
  const lines = model.churn;
  if (lines === null) {
    return { ...base, spec: null, note: 'risk.auction_swap_threshold is not an axis of this sweep.', description: 'Swaps per day, round trips per day, re-entries, flip-flops and net PnL against risk.auction_swap_threshold.' };
  }
  const spec = linePanels(lines, CHURN_METRICS, 220);
  return {
    ...base,
    description: `Swaps per day, round trips per day, re-entries, flip-flops and net PnL against ${lines.x.key}. ${linesDescription(lines, model)}`,
    spec,
    ...(spec === null ? { note: 'No point of this slice finished.' } : {}),
  };
}

function costCharts(model: SweepModel): ChartSpec[] {
  if (model.costs.length === 0) {
    return [{
      id: 'cost_sensitivity', title: 'Cost sensitivity', spec: null,
      description: 'Net PnL against the fee level (sim.fee_bps) and the slippage level (sim.slippage_bps).',
      note: 'Neither sim.fee_bps nor sim.slippage_bps is an axis of this sweep.',
    }];
  }
  return model.costs.map((lines) => {
    const what = lines.x.key === 'sim.fee_bps' ? 'fee level' : 'slippage level';
    const spec = linePanels(lines, ['net_pnl', 'cost_drag_total'], 340);
    return {
      id: `cost_${lines.x.key.replace(/[^a-z0-9]+/gi, '_')}`,
      title: `Cost sensitivity: net PnL against the ${what}`,
      description: `Net PnL (left) and total cost drag (right) against ${lines.x.key}. ${linesDescription(lines, model)}`,
      spec,
      ...(spec === null ? { note: 'No point of this slice finished.' } : {}),
    };
  });
}

function pnlTurnoverChart(model: SweepModel): ChartSpec {
  const axes = model.data.plan.axes;
  const colourAxis = axes.find((a) => a.values.length > 1) ?? axes[0];
  const shapeAxis = axes.find((a) => a !== colourAxis && a.values.length > 1 && a.values.length <= 6);
  const values = model.ok.flatMap((r) => {
    const turnover = r.metrics.turnover_one_way_annual;
    const pnl = r.metrics.net_pnl;
    if (typeof turnover !== 'number' || typeof pnl !== 'number') return [];
    const param = (axis: GridAxis | undefined): string => (axis === undefined ? '' : valueText(r.point.values.find((v) => v.key === axis.key)?.value ?? null));
    return [{ turnover, pnl, colour: param(colourAxis), shape: param(shapeAxis), best: r === model.best }];
  });
  const base = {
    id: 'pnl_turnover', title: 'Net PnL against turnover',
    description: `Every grid point that ran: one-way annual turnover against net PnL${colourAxis === undefined ? '' : `, coloured by ${colourAxis.key}`}${shapeAxis === undefined ? '' : `, shaped by ${shapeAxis.key}`}; the best point by ${model.rankBy} is ringed.`,
  };
  if (values.length === 0) return { ...base, spec: null, note: 'No point reported both net PnL and turnover.' };
  const colourLabels = colourAxis?.values.map(valueText) ?? [];
  const encoding: Record<string, unknown> = {
    x: { field: 'turnover', type: 'quantitative', title: 'Turnover, one-way, per year', scale: { zero: false, padding: 14 } },
    y: { field: 'pnl', type: 'quantitative', title: 'Net PnL', scale: { zero: false, padding: 14 }, axis: { format: ',.0f' } },
  };
  const point: Record<string, unknown> = { ...encoding };
  if (colourAxis !== undefined) point.color = { field: 'colour', type: 'nominal', sort: colourLabels, title: colourAxis.key, scale: { domain: colourLabels, range: PALETTE } };
  if (shapeAxis !== undefined) point.shape = { field: 'shape', type: 'nominal', sort: shapeAxis.values.map(valueText), title: shapeAxis.key };
  const layers: Record<string, unknown>[] = [{ mark: { type: 'point', filled: true, size: 90, opacity: 0.9 }, encoding: point }];
  if (values.some((v) => v.best)) {
    layers.push(
      { transform: [{ filter: 'datum.best' }], mark: { type: 'point', size: 420, strokeWidth: 1.6, color: '#b5485d', filled: false }, encoding },
      { transform: [{ filter: 'datum.best' }], mark: { type: 'text', dx: 16, align: 'left', fontSize: 11, color: '#b5485d', text: 'best' }, encoding },
    );
  }
  return { ...base, spec: topLevel({ data: { values }, width: WIDTH_PX - 140, height: 300, layer: layers }) };
}

function walkForwardChart(model: SweepModel): ChartSpec | null {
  const wf = model.walkForward;
  if (wf === null) return null;
  const samples = ['in sample', 'out of sample'];
  // Several conditions are separate markets or slippage draws, each with its own choice: one row of panels per condition, never summed.
  const faceted = wf.conditions.length > 1;
  const values = wf.folds.flatMap((f) => {
    const fold = `fold ${f.fold}`;
    return ([['in sample', f.inSample], ['out of sample', f.outOfSample]] as const).flatMap(([sample, s]) => {
      const pnl = s.metrics.net_pnl;
      if (typeof pnl !== 'number') return [];
      const days = windowDays(s);
      return [{ fold, condition: f.condition, sample, pnl, perDay: days > 0 ? pnl / days : null, text: cellText('net_pnl', pnl) }];
    });
  });
  const base = {
    id: 'walk_forward', title: 'Walk-forward: in-sample against out-of-sample net PnL',
    description: 'Per fold, the net PnL of the chosen point over its in-sample window (all folds before it) and over the fold itself (left), and the same per day of each window (right): in-sample windows grow fold by fold, so per-day values are the fair comparison.'
      + (faceted ? ' One row per condition: the point was chosen among the points of that condition and replayed at it.' : ''),
  };
  if (values.length === 0) return { ...base, spec: null, note: 'No fold has a net PnL.' };
  const folds = [...new Set(wf.folds.map((f) => `fold ${f.fold}`))];
  const x = { field: 'fold', type: 'ordinal', title: null, sort: folds, axis: { labelAngle: 0 } };
  const color = { field: 'sample', type: 'nominal', title: null, scale: { domain: samples, range: ['#9aa5b1', PALETTE[0]] } };
  const panel = (field: string, title: string, format: string) => {
    const mark = { type: 'bar' };
    const encoding = { x, xOffset: { field: 'sample', sort: samples }, color, y: { field, type: 'quantitative', title: null, axis: { format } } };
    const transform = [{ filter: `isValid(datum.${field})` }];
    if (!faceted) return { title, width: 340, height: 170, transform, mark, encoding };
    return {
      title, transform,
      facet: { row: { field: 'condition', type: 'nominal', sort: wf.conditions, title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelLimit: 340 } } },
      spec: { width: 340, height: 120, mark, encoding },
    };
  };
  return { ...base, spec: topLevel({ data: { values }, hconcat: [panel('pnl', 'Net PnL', ',.0f'), panel('perDay', 'Net PnL per day', ',.1f')] }) };
}

/** The sweep report's charts in page order. */
export function sweepChartSpecs(model: SweepModel): ChartSpec[] {
  const charts = [...heatmapCharts(model), churnChart(model), ...costCharts(model), pnlTurnoverChart(model)];
  const wf = walkForwardChart(model);
  if (wf !== null) charts.push(wf);
  return charts;
}

/** Every chart rendered to inline SVG, in order (sequentially: vega views are not meant to share a tick). */
export async function renderSweepCharts(model: SweepModel): Promise<ChartSvg[]> {
  const out: ChartSvg[] = [];
  for (const chart of sweepChartSpecs(model)) {
    const warnings: string[] = [];
    const svg = chart.spec === null ? null : await specToSvg(chart.spec, `sweep-${chart.id}`, warnings);
    out.push({
      id: chart.id, title: chart.title, description: chart.description, svg,
      ...(chart.note !== undefined ? { note: chart.note } : {}),
      warnings,
    });
  }
  return out;
}
