// report.html: one self-contained page (inline CSS and SVG, no script, no external URL), every input string escaped.

import type { TradeRow } from '../io/runReader.js';
import type { ChartSvg } from './charts.js';
import { escapeHtml as h } from './escape.js';
import { formatMetric, shortTs } from './format.js';
import { GROUP_TITLES, NA, type Metric, type MetricGroup } from './metrics.js';
import type { ReportModel } from './model.js';

/**
 * A whole self-contained page: no script and no external resource, which a CSP forbidding both makes
 * visible in any browser. `title` is escaped here; `css` and `body` are trusted markup.
 */
export function htmlPage(title: string, css: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${h(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body><main>',
    body,
    '</main></body>',
    '</html>',
  ].join('\n');
}

/** System fonts only: a web font would be an external request. Shared by the sweep report. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2933; --muted: #5f6b7a; --line: #e3e7ec; --soft: #f6f8fa; --accent: #3b6ea5; --bad: #b5485d; --good: #3f7f58; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f4; color: var(--ink); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
header { margin-bottom: 20px; }
h1 { font-size: 24px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 14px; margin: 18px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
p { margin: 0 0 10px; }
.sub { color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px; margin: 0 0 18px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 16px 0 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .k { font-size: 12px; color: var(--muted); }
.card .v { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; }
.neg { color: var(--bad); }
.pos { color: var(--good); }
.banner { background: #fbeaec; border-color: #efc4cb; color: #7d2433; font-weight: 600; }
.note { background: var(--soft); border-left: 3px solid var(--accent); padding: 8px 12px; border-radius: 4px; }
figure.chart { margin: 0 0 22px; }
figure.chart:last-child { margin-bottom: 0; }
figure.chart h3 { margin-top: 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.empty { color: var(--muted); font-style: italic; padding: 10px 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.formula { color: var(--muted); font-size: 12px; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
td.mono { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
td.nowrap { white-space: nowrap; }
td.sym { overflow-wrap: anywhere; min-width: 90px; }
td.wrap { overflow-wrap: anywhere; min-width: 70px; }
td.key code { white-space: nowrap; }
table.metrics { table-layout: fixed; }
table.trades { font-size: 12px; }
table.trades th { white-space: normal; }
table.trades th, table.trades td { padding: 4px 5px; }
.split { display: grid; grid-template-columns: 1fr 1fr; gap: 0 24px; }
.split h3 { margin-top: 4px; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
`;

/** `cls` and `widths` are our own constants, never input. */
function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number> = new Set(), cls = '', widths: readonly string[] = []): string {
  const th = header.map((c, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${h(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n');
  const colgroup = widths.length > 0 ? `<colgroup>${widths.map((w) => `<col style="width:${w}">`).join('')}</colgroup>` : '';
  return `<div class="scroll"><table${cls !== '' ? ` class="${cls}"` : ''}>${colgroup}<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** Cells are built already escaped; these helpers are the only way text gets into one. */
const td = (text: string, cls?: string): string => `<td${cls !== undefined ? ` class="${cls}"` : ''}>${h(text)}</td>`;
const tdCode = (text: string): string => `<td><code>${h(text)}</code></td>`;

function signClass(value: number | string): string {
  return typeof value === 'number' ? (value < 0 ? ' neg' : value > 0 ? ' pos' : '') : '';
}

function card(metric: Metric | undefined): string {
  if (metric === undefined) return '';
  const colour = ['net_pnl', 'total_return', 'cagr'].includes(metric.key) ? signClass(metric.value) : '';
  return `<div class="card"><div class="k">${h(metric.label)}</div><div class="v${colour}">${h(formatMetric(metric))}</div></div>`;
}

/** One table per group; with a baseline, its value sits beside the run's (same key, same formula). */
function metricSection(metrics: readonly Metric[], baseline: readonly Metric[] | null, policy: string): string {
  const parts: string[] = ['<section><h2>Metrics</h2>'];
  const header = baseline === null ? ['Metric', 'Key', 'Value', 'Formula'] : ['Metric', 'Key', `Value (${policy})`, 'Baseline', 'Formula'];
  const cols = baseline === null ? ['22%', '24%', '13%', '41%'] : ['19%', '22%', '12%', '12%', '35%'];
  for (const group of Object.keys(GROUP_TITLES) as MetricGroup[]) {
    const rows = metrics.filter((m) => m.group === group);
    if (rows.length === 0) continue;
    parts.push(`<h3>${h(GROUP_TITLES[group])}</h3>`);
    const body = rows.map((m) => {
      const other = baseline?.find((b) => b.key === m.key);
      const values = [td(formatMetric(m), 'num')];
      if (baseline !== null) values.push(td(other === undefined ? NA : formatMetric(other), 'num'));
      return [td(m.label), `<td class="key"><code>${h(m.key)}</code></td>`, ...values, td(m.formula, 'formula')];
    });
    const numeric = new Set(baseline === null ? [2] : [2, 3]);
    parts.push(table(header, body, numeric, 'metrics', cols));
  }
  parts.push(`<p class="sub" style="margin-top:10px">${h(NA)} means the metric is undefined for this run (a zero denominator, an empty sample, or a file the run did not write); sums and counts over nothing are 0.</p></section>`);
  return parts.join('\n');
}

function chartFigure(chart: ChartSvg): string {
  const body = chart.svg ?? `<div class="empty">${h(chart.note ?? 'Nothing to draw.')}</div>`;
  return `<figure class="chart" data-chart="${h(chart.id)}"><h3>${h(chart.title)}</h3>${body}<figcaption>${h(chart.description)}</figcaption></figure>`;
}

function tradeCells(t: TradeRow): string[] {
  return [
    td(t.symbol, 'sym'), td(t.direction), td(shortTs(t.entryMs), 'nowrap'), td(shortTs(t.exitMs), 'nowrap'),
    td(t.exact.entryPrice, 'num'), td(t.exact.exitPrice, 'num'), td(t.exact.quantity, 'num'),
    `<td class="num${signClass(t.netPnl)}">${h(t.exact.netPnl)}</td>`, td(t.exact.fees, 'num'), td(t.exact.funding, 'num'),
    td(String(Number(t.pnlR.toFixed(3))), 'num'), td(String(t.holdingMinutes), 'num'), td(t.exitReason, 'wrap'), td(t.cluster, 'wrap'),
  ];
}

/** Renders report.html from the model and the pre-rendered charts. */
export function renderHtml(model: ReportModel, charts: readonly ChartSvg[]): string {
  const { run } = model;
  const m = run.manifest;
  const byKey = (key: string): Metric | undefined => model.metrics.find((x) => x.key === key);
  const parts: string[] = [];
  parts.push(`<header><h1>Run report: ${h(m.name)}</h1>`);
  parts.push(`<p class="sub">Policy <strong>${h(m.policy)}</strong> · seed ${h(String(m.seed))} · package ${h(m.packageVersion)} · ${h(model.periodText)}. Built only from the files of the run folder; nothing was re-run.</p>`);
  parts.push(`<div class="cards">${['net_pnl', 'total_return', 'max_drawdown', 'sharpe', 'turnover_one_way_annual', 'swaps_per_day', 'cost_drag_total', 'trades']
    .map((k) => card(byKey(k))).join('')}</div></header>`);
  if (m.result.bankrupt) parts.push('<section class="banner">The run went bankrupt: equity reached 0 or less and the replay stopped.</section>');
  if (model.baselineMetrics !== null) {
    parts.push('<section><h2>Auction vs baseline</h2><p class="sub">The same data replayed by the baseline policy: free slots filled in score order, exits only by stop, take profit or end of data.</p>');
    parts.push(table(['Metric', 'Auction', 'Baseline', 'Auction − baseline'],
      model.comparison.map((r) => [td(r.label), td(r.auction, 'num'), td(r.baseline, 'num'), td(r.difference, 'num')]), new Set([1, 2, 3])));
    parts.push('</section>');
  }
  parts.push(`<section><h2>Swap hurdle</h2><p class="note">${h(model.hurdleText)}</p></section>`);
  parts.push(`<section><h2>Charts</h2>${charts.map(chartFigure).join('\n')}</section>`);
  parts.push(metricSection(model.metrics, model.baselineMetrics, m.policy));

  parts.push('<section><h2>Trades</h2>');
  if (run.trades.length === 0) parts.push('<p class="empty">No round trips.</p>');
  else {
    parts.push(`<p class="sub">${h(model.tradesOmitted > 0
      ? `The first ${model.trades.length} of ${run.trades.length} round trips by entry time; ${model.tradesOmitted} omitted (all are in trades.csv).`
      : `All ${model.trades.length} round trips, by entry time. Prices, quantities and money as written in trades.csv.`)}</p>`);
    parts.push(table(['Symbol', 'Dir', 'Entry', 'Exit', 'Entry px', 'Exit px', 'Qty', 'Net PnL', 'Fees', 'Funding', 'R', 'Hold min', 'Exit reason', 'Cluster'],
      model.trades.map(tradeCells), new Set([4, 5, 6, 7, 8, 9, 10, 11]), 'trades'));
  }
  parts.push('</section><section><h2>Unfilled orders</h2>');
  if (run.unfilled.length === 0) parts.push('<p class="empty">None: every order found a next bar.</p>');
  else {
    if (model.unfilledOmitted > 0) parts.push(`<p class="sub">${h(`The first ${model.unfilled.length}; ${model.unfilledOmitted} omitted (all are in unfilled.csv).`)}</p>`);
    parts.push(table(['Cycle', 'Position', 'Symbol', 'Action', 'Reason'],
      model.unfilled.map((u) => [td(shortTs(u.cycleMs)), td(u.positionId, 'id'), td(u.symbol), td(u.action), td(u.reason)])));
  }
  parts.push('</section><section><h2>Settings</h2><div class="split">');
  for (const section of ['risk', 'sim'] as const) {
    parts.push(`<div><h3>${section}</h3>`);
    parts.push(table(['Key', 'Value'], model.settings.filter((s) => s.section === section).map((s) => [tdCode(s.key), td(s.value)])));
    parts.push('</div>');
  }
  parts.push('</div><h3>Inputs</h3>');
  parts.push(m.inputs.length === 0 ? '<p class="empty">None listed.</p>'
    : table(['Role', 'Path', 'sha256'], m.inputs.map((i) => [td(i.role), td(i.path, 'mono'), td(i.sha256, 'mono')])));
  parts.push('</section><footer>Rebuild with <code>auction report &lt;run-dir&gt;</code>.</footer>');

  return htmlPage(`Run report: ${m.name}`, REPORT_CSS, parts.join('\n'));
}
