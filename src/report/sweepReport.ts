// A sweep folder's report.md (tables) and report.html (self-contained: inline CSS and SVG, no script, no URL), every input string escaped.

import type { SweepData, SweepResult, WalkForwardFold, FoldSample } from '../io/sweepReader.js';
import type { ChartSvg } from './charts.js';
import { htmlPage, REPORT_CSS } from './html.js';
import { escapeHtml as h, escapeMarkdown as md, markdownCode } from './escape.js';
import { shortTs } from './format.js';
import { renderSweepCharts } from './sweepCharts.js';
import {
  buildSweepModel, cellText, CHURN_METRICS, fixedText, heatmapIntro, lowerIsBetter, metricLabel, pointParams, shortLabel, valueText,
  type LineSet, type SweepModel, type SweepReportOptions,
} from './sweepModel.js';
import { windowDays } from './walkForwardSummary.js';

export type { SweepReportOptions } from './sweepModel.js';

export interface SweepReport {
  readonly markdown: string;
  readonly html: string;
}

const NONE = '—';

/** The plan in one sentence: points, grid shape, seed, ranking, folds. */
function planText(model: SweepModel): string {
  const plan = model.data.plan;
  const shape = plan.axes.map((a) => String(a.values.length)).join(' × ');
  const direction = lowerIsBetter(model.rankBy) ? 'lower is better' : 'higher is better';
  const wf = plan.walkForwardFolds >= 2 ? `, walk-forward over ${plan.walkForwardFolds} folds` : '';
  return `${plan.points.length} grid point${plan.points.length === 1 ? '' : 's'} (${shape || 'no axes'}), scenario seed ${plan.scenarioSeed}, ranked by ${plan.rankBy} (${direction})${wf}`;
}

function countsText(model: SweepModel): string {
  const parts = [`${model.ok.length} ran`, `${model.failed.length} failed`];
  if (model.notRun.length > 0) parts.push(`${model.notRun.length} not run (no row in results.csv)`);
  return `Of ${model.data.plan.points.length} points: ${parts.join(', ')}.`;
}

function bestText(model: SweepModel): string {
  const best = model.best;
  if (best === null) return `No point that ran has a numeric ${model.rankBy}, so there is no best point.`;
  return `Best by ${model.rankBy}: ${best.point.id} (${pointParams(best.point)}), ${model.rankBy} = ${cellText(model.rankBy, best.metrics[model.rankBy])}.`;
}

/** Days as the report prints a window's length. */
const daysText = (sample: FoldSample): string => `${Math.round(windowDays(sample))} d`;

/** A window's bounds; ends are exclusive, the last fold's end is the last bar + 1 ms, shown to the second. */
function windowText(sample: FoldSample): string {
  const end = Math.floor(sample.endMs / 1000) * 1000;
  return `${shortTs(sample.startMs)} – ${shortTs(end)}`;
}

function chosenText(fold: WalkForwardFold): string {
  return fold.bestPointId ?? 'none (no in-sample run finished)';
}

/** Whether the walk-forward has a condition to show: a grid without cost or seed axes has only the condition ''. */
function hasConditions(model: SweepModel): boolean {
  return model.walkForward?.conditions.some((c) => c !== '') ?? false;
}

/** How each fold's point was picked, after the choice sentence. */
function pickedText(model: SweepModel, rankBy: string): string {
  return hasConditions(model)
    ? `Each fold’s point is the best by ${rankBy} at its condition over all folds before it (in), then replayed at the same condition on the fold alone (out).`
    : `Each fold’s point is the best by ${rankBy} over all folds before it (in), then replayed on the fold alone (out).`;
}

/** The points walk-forward chose, once each, with their parameters (from sweep.json, else the key walk_forward.csv wrote). */
function chosenPoints(model: SweepModel): { id: string; params: string }[] {
  const out: { id: string; params: string }[] = [];
  for (const fold of model.walkForward?.folds ?? []) {
    if (fold.bestPointId === null || out.some((c) => c.id === fold.bestPointId)) continue;
    const point = model.data.plan.points.find((p) => p.id === fold.bestPointId);
    out.push({ id: fold.bestPointId, params: point === undefined ? fold.bestPointKey : pointParams(point) });
  }
  return out;
}

/** The walk-forward columns after the chosen point: the rank metric (unless it is one of the metrics), then each metric. */
function foldColumns(model: SweepModel): { title: string; pick: (s: FoldSample) => string }[] {
  const wf = model.walkForward;
  if (wf === null) return [];
  const cols: { title: string; pick: (s: FoldSample) => string }[] = [];
  if (!wf.metricKeys.includes(wf.rankBy)) cols.push({ title: shortLabel(wf.rankBy), pick: (s) => cellText(wf.rankBy, s.rankValue) });
  for (const key of wf.metricKeys) cols.push({ title: shortLabel(key), pick: (s) => cellText(key, s.metrics[key]) });
  return cols;
}

/** The rows of a line chart as a table: line by line (series value), then along x, both in axis order. */
function sliceRows(lines: LineSet, metrics: readonly string[]): { params: string[]; cells: string[] }[] {
  const rank = (axis: LineSet['x'] | null, sp: LineSet['points'][number]): number =>
    axis === null ? 0 : axis.values.findIndex((v) => v === (sp.values[axis.key] ?? null));
  const ordered = [...lines.points].sort((a, b) => rank(lines.series, a) - rank(lines.series, b) || rank(lines.x, a) - rank(lines.x, b));
  return ordered.map((sp) => {
    const params = [valueText(sp.values[lines.x.key] ?? null)];
    if (lines.series !== null) params.push(valueText(sp.values[lines.series.key] ?? null));
    const status = sp.result === undefined ? 'not run' : sp.result.status === 'failed' ? 'failed' : '';
    const cells = metrics.map((m) => (status !== '' ? status : cellText(m, sp.result?.metrics[m])));
    return { params, cells };
  });
}

// ---------------------------------------------------------------- Markdown

function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function mdLineTable(lines: LineSet, metrics: readonly string[]): string[] {
  const header = [md(lines.x.key), ...(lines.series === null ? [] : [md(lines.series.key)]), ...metrics.map((m) => md(metricLabel(m)))];
  return mdTable(header, sliceRows(lines, metrics).map((r) => [...r.params.map(md), ...r.cells.map(md)]));
}

function renderMarkdown(model: SweepModel): string {
  const { data } = model;
  const plan = data.plan;
  const lines: string[] = [
    `# Sweep report: ${md(plan.name)}`,
    '',
    `${md(planText(model))}. Built only from sweep.json, results.csv${data.walkForward === null ? '' : ' and walk_forward.csv'}; nothing was re-run. The charts are in report.html.`,
    '',
    '## Grid',
    '',
    ...mdTable(['Axis', 'Values', 'Count'], plan.axes.map((a) => [md(a.key), a.values.map((v) => md(valueText(v))).join(', '), String(a.values.length)])),
    '',
    md(countsText(model)),
    '',
  ];
  if (model.failed.length > 0) {
    lines.push('### Failed points', '', ...mdTable(['Point', 'Parameters', 'Error'], model.failed.map((r) => [md(r.point.id), md(pointParams(r.point)), md(r.error || NONE)])), '');
  }
  if (model.notRun.length > 0) {
    lines.push('### Points not run', '', ...mdTable(['Point', 'Parameters'], model.notRun.map((p) => [md(p.id), md(pointParams(p))])), '');
  }
  lines.push('## Best point', '', md(bestText(model)), '');
  if (model.best !== null) {
    const best = model.best;
    lines.push(...mdTable(['Metric', 'Key', 'Value'], model.bestMetrics.map((m) => [md(metricLabel(m)), markdownCode(m), md(cellText(m, best.metrics[m]))])), '');
  }

  lines.push('## Heatmaps', '');
  const set = model.heatmaps;
  if (set === null) lines.push('The sweep has no axis to draw a heatmap over.', '');
  else {
    lines.push(md(heatmapIntro(model)), '');
    for (const map of set.maps) {
      lines.push(`### ${md(metricLabel(map.metric))} over ${md(set.y === null ? set.x.key : `${set.x.key} × ${set.y.key}`)}`, '');
      const xs = set.x.values.map(valueText);
      const ys = set.y === null ? [''] : set.y.values.map(valueText);
      const corner = set.y === null ? '' : `${md(set.y.key)} ↓, ${md(set.x.key)} →`;
      const rows = ys.map((y) => [set.y === null ? md(metricLabel(map.metric)) : md(y),
        ...xs.map((x) => md(map.cells.find((c) => c.x === x && c.y === y)?.text ?? NONE))]);
      lines.push(...mdTable([corner === '' ? md(set.x.key) : corner, ...xs.map(md)], rows), '');
    }
  }

  lines.push('## Churn against the swap threshold', '');
  if (model.churn === null) lines.push(md('risk.auction_swap_threshold is not an axis of this sweep.'), '');
  else {
    const fixedNote = fixedText(model.churn.fixed, model.best);
    if (fixedNote !== '') lines.push(md(fixedNote), '');
    lines.push(...mdLineTable(model.churn, CHURN_METRICS), '');
  }

  lines.push('## Cost sensitivity', '');
  if (model.costs.length === 0) lines.push(md('Neither sim.fee_bps nor sim.slippage_bps is an axis of this sweep.'), '');
  for (const cost of model.costs) {
    lines.push(`### Net PnL against ${md(cost.x.key)}`, '');
    const fixedNote = fixedText(cost.fixed, model.best);
    if (fixedNote !== '') lines.push(md(fixedNote), '');
    lines.push(...mdLineTable(cost, ['net_pnl', 'cost_drag_total']), '');
  }

  lines.push('## Results', '', 'Every point in grid order; net PnL against turnover is plotted in report.html.', '');
  const header = ['Point', ...plan.axes.map((a) => md(a.key)), 'Status', ...model.tableMetrics.map((m) => md(shortLabel(m)))];
  lines.push(...mdTable(header, resultRows(model).map((r) => [
    md(r.id), ...r.params.map(md), r.best ? '**ok, best**' : r.status, ...r.cells.map(md),
  ])), '');

  const wf = model.walkForward;
  if (wf !== null) {
    lines.push('## Walk-forward', '', md(wf.verdict), '', md(`${wf.choice} ${pickedText(model, wf.rankBy)}`), '');
    const cols = foldColumns(model);
    const withConditions = hasConditions(model);
    const wfHeader = ['Fold', ...(withConditions ? ['Condition'] : []), 'In-sample window', 'Out-of-sample window', 'Chosen point',
      ...cols.flatMap((c) => [`${md(c.title)} IS`, `${md(c.title)} OOS`])];
    lines.push(...mdTable(wfHeader, wf.folds.map((f) => [
      String(f.fold), ...(withConditions ? [md(f.condition)] : []), `${windowText(f.inSample)} (${daysText(f.inSample)})`, `${windowText(f.outOfSample)} (${daysText(f.outOfSample)})`,
      md(chosenText(f)), ...cols.flatMap((c) => [md(c.pick(f.inSample)), md(c.pick(f.outOfSample))]),
    ])), '');
    const chosen = chosenPoints(model);
    if (chosen.length > 0) lines.push(...mdTable(['Chosen point', 'Parameters'], chosen.map((c) => [md(c.id), md(c.params)])), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

interface ResultLine {
  readonly id: string;
  readonly params: string[];
  readonly status: string;
  readonly best: boolean;
  readonly cells: string[];
  readonly result: SweepResult | undefined;
}

/** Every point of the plan in grid order, with its status and headline metrics. */
function resultRows(model: SweepModel): ResultLine[] {
  const byId = new Map(model.data.results.map((r) => [r.point.id, r]));
  return model.data.plan.points.map((point) => {
    const result = byId.get(point.id);
    const status = result === undefined ? 'not run' : result.status;
    return {
      id: point.id, params: point.values.map((v) => valueText(v.value)), status, best: result !== undefined && result === model.best,
      cells: model.tableMetrics.map((m) => (result?.status === 'ok' ? cellText(m, result.metrics[m]) : NONE)), result,
    };
  });
}

// ---------------------------------------------------------------- HTML

/** The run report's look (src/report/html.ts), plus what a sweep needs: wrapping headers and side-by-side heatmaps. */
const CSS = `${REPORT_CSS}
.card .v { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.card .v.id { font: 600 13px/1.9 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.warn { background: #fbeaec; border-left: 3px solid var(--bad); padding: 8px 12px; border-radius: 4px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; overflow-wrap: anywhere; }
.charts { display: flex; flex-wrap: wrap; gap: 6px 28px; align-items: flex-start; }
.charts figure.chart { margin: 0 0 16px; flex: 1 1 280px; min-width: 0; max-width: 100%; }
th { background: var(--soft); font-weight: 600; }
th.key { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px; font-weight: 600; }
table.results, table.folds { font-size: 12px; }
table.results td.mono { font-size: 11px; }
table.results th, table.results td, table.folds th, table.folds td { padding: 4px 6px; }
table.results th, table.folds th { white-space: normal; vertical-align: bottom; }
tr.best td { background: #eef4fb; font-weight: 600; }
tr.failed td { color: var(--bad); }
tr.notrun td { color: var(--muted); }
th.group { text-align: center; border-bottom: 1px solid var(--line); }
td.is { color: var(--muted); }
`;

/** A cell, escaped: the only way text gets into one. `cls` is our own constant. */
const td = (text: string, cls?: string): string => `<td${cls !== undefined ? ` class="${cls}"` : ''}>${h(text)}</td>`;

interface Column {
  readonly title: string;
  readonly cls?: string;
}

function table(columns: readonly Column[], rows: readonly string[], cls = ''): string {
  const th = columns.map((c) => `<th${c.cls !== undefined ? ` class="${c.cls}"` : ''}>${c.cls === 'key' ? keyHtml(c.title) : h(c.title)}</th>`).join('');
  return `<div class="scroll"><table${cls !== '' ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

/** A setting key, escaped, that may break after its dots and underscores (`risk.` / `auction_` / `swap_threshold`). */
const keyHtml = (key: string): string => h(key).replace(/[._]/g, '$&<wbr>');

const signClass = (value: unknown): string => (typeof value === 'number' ? (value < 0 ? ' neg' : value > 0 ? ' pos' : '') : '');

function card(label: string, value: string, cls = ''): string {
  return `<div class="card"><div class="k">${h(label)}</div><div class="v${cls}">${h(value)}</div></div>`;
}

function figure(chart: ChartSvg): string {
  const body = chart.svg ?? `<div class="empty">${h(chart.note ?? 'Nothing to draw.')}</div>`;
  return `<figure class="chart" data-chart="${h(chart.id)}"><h3>${h(chart.title)}</h3>${body}<figcaption>${h(chart.description)}</figcaption></figure>`;
}

function htmlLineTable(lines: LineSet, metrics: readonly string[]): string {
  const cols: Column[] = [{ title: lines.x.key, cls: 'key' }, ...(lines.series === null ? [] : [{ title: lines.series.key, cls: 'key' }]),
    ...metrics.map((m) => ({ title: metricLabel(m), cls: 'num' }))];
  return table(cols, sliceRows(lines, metrics).map((r) => `<tr>${[...r.params.map((p) => td(p, 'wrap')), ...r.cells.map((c) => td(c, 'num'))].join('')}</tr>`));
}

function walkForwardHtml(model: SweepModel, charts: ReadonlyMap<string, ChartSvg>): string {
  const wf = model.walkForward;
  if (wf === null) return '';
  const cols = foldColumns(model);
  const withConditions = hasConditions(model);
  const head1 = ['Fold', ...(withConditions ? ['Condition'] : []), 'In-sample window', 'Out-of-sample window', 'Chosen point']
    .map((t) => `<th rowspan="2">${h(t)}</th>`).join('')
    + cols.map((c) => `<th class="group" colspan="2">${h(c.title)}</th>`).join('');
  const head2 = cols.map(() => '<th class="num">in</th><th class="num">out</th>').join('');
  const rows = wf.folds.map((f) => `<tr>${[
    td(String(f.fold), 'num'),
    ...(withConditions ? [td(f.condition, 'mono wrap')] : []),
    `<td class="nowrap">${h(windowText(f.inSample))}<br><span class="sub">${h(daysText(f.inSample))}</span></td>`,
    `<td class="nowrap">${h(windowText(f.outOfSample))}<br><span class="sub">${h(daysText(f.outOfSample))}</span></td>`,
    td(chosenText(f), 'mono nowrap'),
    ...cols.flatMap((c) => [td(c.pick(f.inSample), 'num is'), td(c.pick(f.outOfSample), 'num')]),
  ].join('')}</tr>`);
  const chart = charts.get('walk_forward');
  return [
    '<section><h2>Walk-forward</h2>',
    `<p class="note">${h(wf.verdict)}</p>`,
    `<p class="sub">${h(wf.choice)} ${h(pickedText(model, wf.rankBy))}</p>`,
    `<div class="scroll"><table class="folds"><thead><tr>${head1}</tr><tr>${head2}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`,
    chosenPoints(model).map((c) => `<p class="sub" style="margin-top:8px"><code>${h(c.id)}</code>: ${h(c.params)}</p>`).join('\n'),
    chart === undefined ? '' : `<div style="margin-top:18px">${figure(chart)}</div>`,
    '</section>',
  ].join('\n');
}

function renderHtml(model: SweepModel, charts: readonly ChartSvg[]): string {
  const { data } = model;
  const plan = data.plan;
  const byId = new Map(charts.map((c) => [c.id, c]));
  const best = model.best;
  const parts: string[] = [];
  parts.push(`<header><h1>Sweep report: ${h(plan.name)}</h1>`);
  parts.push(`<p class="sub">${h(planText(model))}. Built only from sweep.json, results.csv${data.walkForward === null ? '' : ' and walk_forward.csv'}; nothing was re-run.</p>`);
  const cards = [card('Grid points', String(plan.points.length)), card('Ran', String(model.ok.length)),
    card('Failed', String(model.failed.length), model.failed.length > 0 ? ' neg' : '')];
  if (model.notRun.length > 0) cards.push(card('Not run', String(model.notRun.length)));
  if (best !== null) {
    cards.push(card(`Best ${metricLabel(model.rankBy)}`, cellText(model.rankBy, best.metrics[model.rankBy]), model.rankBy === 'net_pnl' ? signClass(best.metrics.net_pnl) : ''));
    if (model.rankBy !== 'net_pnl' && best.metrics.net_pnl !== undefined) cards.push(card('Net PnL of the best', cellText('net_pnl', best.metrics.net_pnl), signClass(best.metrics.net_pnl)));
    cards.push(card('Best point', best.point.id, ' id'));
  }
  parts.push(`<div class="cards">${cards.join('')}</div></header>`);

  parts.push('<section><h2>Grid</h2>');
  parts.push(table([{ title: 'Axis' }, { title: 'Values' }, { title: 'Count', cls: 'num' }],
    plan.axes.map((a) => `<tr><td><code>${h(a.key)}</code></td>${td(a.values.map(valueText).join(', '), 'wrap')}${td(String(a.values.length), 'num')}</tr>`)));
  parts.push(`<p style="margin-top:10px">${h(countsText(model))}</p>`);
  if (model.failed.length > 0) {
    parts.push('<h3>Failed points</h3>');
    parts.push(table([{ title: 'Point' }, { title: 'Parameters' }, { title: 'Error' }],
      model.failed.map((r) => `<tr>${td(r.point.id, 'mono')}${td(pointParams(r.point), 'wrap')}${td(r.error || NONE, 'wrap')}</tr>`)));
  }
  if (model.notRun.length > 0) {
    parts.push('<h3>Points not run</h3>');
    parts.push(table([{ title: 'Point' }, { title: 'Parameters' }], model.notRun.map((p) => `<tr>${td(p.id, 'mono')}${td(pointParams(p), 'wrap')}</tr>`)));
  }
  parts.push('</section>');

  parts.push('<section><h2>Best point</h2>');
  parts.push(`<p class="note">${h(bestText(model))}</p>`);
  if (best !== null) {
    parts.push(table([{ title: 'Metric' }, { title: 'Key' }, { title: 'Value', cls: 'num' }],
      model.bestMetrics.map((m) => `<tr>${td(metricLabel(m))}<td><code>${h(m)}</code></td>${td(cellText(m, best.metrics[m]), `num${signClass(m === 'net_pnl' ? best.metrics[m] : undefined)}`)}</tr>`)));
  }
  parts.push('</section>');

  const heatmaps = charts.filter((c) => c.id.startsWith('heatmap_'));
  parts.push('<section><h2>Heatmaps</h2>');
  parts.push(heatmaps.length === 0 ? '<p class="empty">The sweep has no axis to draw a heatmap over.</p>'
    : `<p class="sub">${h(heatmapIntro(model))}</p><div class="charts">${heatmaps.map(figure).join('\n')}</div>`);
  parts.push('</section>');

  const churn = byId.get('churn_threshold');
  parts.push('<section><h2>Churn against the swap threshold</h2>');
  if (churn !== undefined) parts.push(figure(churn));
  if (model.churn !== null) parts.push(`<h3>Values</h3>${htmlLineTable(model.churn, CHURN_METRICS)}`);
  parts.push('</section>');

  parts.push('<section><h2>Cost sensitivity</h2>');
  for (const chart of charts.filter((c) => c.id.startsWith('cost_'))) parts.push(figure(chart));
  parts.push('</section>');

  const scatter = byId.get('pnl_turnover');
  if (scatter !== undefined) parts.push(`<section><h2>Net PnL against turnover</h2>${figure(scatter)}</section>`);

  parts.push('<section><h2>Results</h2><p class="sub">Every point in grid order; the best is highlighted.</p>');
  const columns: Column[] = [{ title: 'Point' }, ...plan.axes.map((a) => ({ title: a.key, cls: 'key' })), { title: 'Status' },
    ...model.tableMetrics.map((m) => ({ title: shortLabel(m), cls: 'num' }))];
  parts.push(table(columns, resultRows(model).map((r) => {
    const cls = r.best ? ' class="best"' : r.status === 'failed' ? ' class="failed"' : r.status === 'not run' ? ' class="notrun"' : '';
    const cells = r.cells.map((c, i) => td(c, `num${model.tableMetrics[i] === 'net_pnl' ? signClass(r.result?.metrics.net_pnl) : ''}`));
    return `<tr${cls}>${[td(r.id, 'mono nowrap'), ...r.params.map((p) => td(p, 'wrap')), td(r.best ? 'ok, best' : r.status, 'nowrap'), ...cells].join('')}</tr>`;
  }), 'results'));
  parts.push('</section>');

  parts.push(walkForwardHtml(model, byId));
  parts.push('<footer>Built from the files of the sweep folder; the run folders of the points hold each point’s own report.</footer>');

  return htmlPage(`Sweep report: ${plan.name}`, CSS, parts.filter((p) => p !== '').join('\n'));
}

/**
 * Renders a sweep folder's report. `options.heatmapAxes` picks the two axes of the heatmaps (default the first
 * two); an axis or metric the sweep does not have is an InputError. Async because vega renders asynchronously.
 */
export async function renderSweepReport(data: SweepData, options: SweepReportOptions = {}): Promise<SweepReport> {
  const model = buildSweepModel(data, options);
  const charts = await renderSweepCharts(model);
  return { markdown: renderMarkdown(model), html: renderHtml(model, charts) };
}
