// report.md: the run report as Markdown tables, every input string escaped.

import type { TradeRow } from '../io/runReader.js';
import { escapeMarkdown as md, markdownCode } from './escape.js';
import { formatMetric, shortTs } from './format.js';
import { GROUP_TITLES, NA, type Metric, type MetricGroup } from './metrics.js';
import type { ReportModel } from './model.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** One table per group; with a baseline, its value sits beside the run's (same key, same formula). */
function metricTables(metrics: readonly Metric[], baseline: readonly Metric[] | null): string[] {
  const out: string[] = [];
  for (const group of Object.keys(GROUP_TITLES) as MetricGroup[]) {
    const rows = metrics.filter((m) => m.group === group);
    if (rows.length === 0) continue;
    out.push(`### ${GROUP_TITLES[group]}`, '');
    const header = baseline === null ? ['Metric', 'Key', 'Value', 'Formula'] : ['Metric', 'Key', 'Value', 'Baseline', 'Formula'];
    out.push(...table(header, rows.map((m) => {
      const other = baseline?.find((b) => b.key === m.key);
      const values = baseline === null ? [formatMetric(m)] : [formatMetric(m), other === undefined ? NA : formatMetric(other)];
      return [m.label, markdownCode(m.key), ...values, markdownCode(m.formula)];
    })));
    out.push('');
  }
  out.push(`A value of ${NA} means the metric is undefined for this run (a zero denominator, an empty sample, or a file the run did not write); sums and counts over nothing are 0.`, '');
  return out;
}

function tradeCells(t: TradeRow): string[] {
  return [
    md(t.symbol), t.direction, shortTs(t.entryMs), shortTs(t.exitMs), md(t.exact.entryPrice), md(t.exact.exitPrice),
    md(t.exact.quantity), md(t.exact.netPnl), md(t.exact.fees), md(t.exact.funding), String(Number(t.pnlR.toFixed(3))),
    String(t.holdingMinutes), md(t.exitReason), md(t.cluster),
  ];
}

/** Renders report.md. */
export function renderMarkdown(model: ReportModel): string {
  const { run } = model;
  const m = run.manifest;
  const lines: string[] = [
    `# Run report: ${md(m.name)}`,
    '',
    `Policy **${m.policy}**, seed ${m.seed}, package ${md(m.packageVersion)}; ${model.periodText}. ` +
      'Built only from the files of the run folder; nothing was re-run.',
    '',
  ];
  if (m.result.bankrupt) lines.push('**The run went bankrupt: equity reached 0 or less and the replay stopped.**', '');
  if (model.baselineMetrics !== null) {
    lines.push('## Auction vs baseline', '', 'The same data replayed by the baseline policy (fill free slots in score order; exits only by stop, take profit or end of data).', '');
    lines.push(...table(['Metric', 'Auction', 'Baseline', 'Auction − baseline'], model.comparison.map((r) => [r.label, r.auction, r.baseline, r.difference])));
    lines.push('');
  }
  lines.push('## Swap hurdle', '', model.hurdleText, '');
  lines.push('## Metrics', '', ...metricTables(model.metrics, model.baselineMetrics));
  lines.push('## Trades', '');
  if (run.trades.length === 0) lines.push('No round trips.', '');
  else {
    const shown = model.trades.length;
    lines.push(model.tradesOmitted > 0
      ? `The first ${shown} of ${run.trades.length} round trips by entry time; ${model.tradesOmitted} omitted (all are in trades.csv).`
      : `All ${shown} round trips, by entry time. Prices, quantities and money as written in trades.csv.`, '');
    lines.push(...table(['Symbol', 'Dir', 'Entry', 'Exit', 'Entry price', 'Exit price', 'Qty', 'Net PnL', 'Fees', 'Funding', 'R', 'Minutes', 'Exit reason', 'Cluster'],
      model.trades.map(tradeCells)), '');
  }
  lines.push('## Unfilled orders', '');
  if (run.unfilled.length === 0) lines.push('None: every order found a next bar.', '');
  else {
    if (model.unfilledOmitted > 0) lines.push(`The first ${model.unfilled.length}; ${model.unfilledOmitted} omitted (all are in unfilled.csv).`, '');
    lines.push(...table(['Cycle', 'Position', 'Symbol', 'Action', 'Reason'],
      model.unfilled.map((u) => [shortTs(u.cycleMs), md(u.positionId), md(u.symbol), md(u.action), md(u.reason)])), '');
  }
  lines.push('## Settings', '', ...table(['Section', 'Key', 'Value'], model.settings.map((s) => [s.section, md(s.key), md(s.value)])), '');
  lines.push('## Inputs', '');
  if (m.inputs.length === 0) lines.push('None listed.', '');
  else lines.push(...table(['Role', 'Path', 'sha256'], m.inputs.map((i) => [i.role, md(i.path), md(i.sha256)])), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
