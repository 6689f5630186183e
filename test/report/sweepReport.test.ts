// renderSweepReport on the fixture sweep (hand-computed values, best point, failed point, escaping, no URL, determinism)
// and on sweeps built in code (one axis, a string series axis, lower-is-better ranking, heatmap axes chosen).

import { beforeAll, describe, expect, it } from 'vitest';
import { bestPoint } from '../../src/cli/walkForward.js';
import { InputError } from '../../src/io/inputError.js';
import type { MetricCell, SweepData, SweepResult, WalkForwardFold } from '../../src/io/sweepReader.js';
import { readSweep } from '../../src/io/sweepReader.js';
import { expandGrid, type GridAxis, type GridPoint } from '../../src/sim/sweepGrid.js';
import { renderSweepCharts } from '../../src/report/sweepCharts.js';
import { bestResult, buildSweepModel, LOWER_IS_BETTER } from '../../src/report/sweepModel.js';
import { renderSweepReport, type SweepReport } from '../../src/report/sweepReport.js';
import { escapeHtml, escapeMarkdown } from '../../src/report/escape.js';

const FIXTURE = 'test/fixtures/sweeps/small';
const BEST_ID = 'p0002-1szu1y8086v';
const FAILED_ID = 'p0005-1iq8cit03or';
const SCRIPT = '<script>alert("x&y")</script>';

/** The real tags of a page (input text has its `<` escaped), attribute values blanked so their text cannot match. */
function tags(html: string): string[] {
  return (html.match(/<[a-zA-Z][^>]*>/g) ?? []).map((tag) => tag.replace(/"[^"]*"/g, '""'));
}

/** The inline SVG of one chart of the page. */
function svgOf(html: string, id: string): string {
  const start = html.indexOf(`data-chart="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  const from = html.indexOf('<svg', start);
  return html.slice(from, html.indexOf('</svg>', from) + 6);
}

/** A sweep built in code: `metrics(point)` gives a point's metrics, or null for a failed point, or undefined for one not run. */
function makeSweep(axes: GridAxis[], metrics: (values: Record<string, unknown>, p: GridPoint) => Record<string, MetricCell> | null | undefined, rankBy = 'net_pnl'): SweepData {
  const points = expandGrid(axes, 7);
  const results: SweepResult[] = [];
  const keys = new Set<string>();
  points.forEach((point, i) => {
    const m = metrics(Object.fromEntries(point.values.map((v) => [v.key, v.value])), point);
    if (m === undefined) return;
    if (m !== null) Object.keys(m).forEach((k) => keys.add(k));
    results.push({ point, status: m === null ? 'failed' : 'ok', error: m === null ? 'boom' : '', metrics: m ?? {}, line: i + 2 });
  });
  return {
    dir: 'memory', plan: { name: 'built', scenarioSeed: 7, axes, points, rankBy, walkForwardFolds: 0 },
    metricKeys: [...keys], results, walkForwardMetricKeys: [], walkForward: null,
  };
}

const DAY = 86_400_000;

/** Row `fold` of a walk-forward over 100-day folds from 2020-01-01, at `condition`, with the chosen point and its net PnLs. */
function wfFold(fold: number, condition: string, bestPointId: string | null, isPnl: number | null, oosPnl: number | null, line: number): WalkForwardFold {
  const t0 = Date.UTC(2020, 0, 1);
  const sample = (startMs: number, endMs: number, pnl: number | null) => ({
    startTs: new Date(startMs).toISOString(), startMs, endTs: new Date(endMs).toISOString(), endMs, rankValue: pnl, metrics: { net_pnl: pnl },
  });
  return {
    fold, condition, bestPointId, bestPointKey: '', rankBy: 'net_pnl', line,
    inSample: sample(t0, t0 + fold * 100 * DAY, isPnl), outOfSample: sample(t0 + fold * 100 * DAY, t0 + (fold + 1) * 100 * DAY, oosPnl),
  };
}

describe('report of the fixture sweep', () => {
  let data: SweepData;
  let report: SweepReport;

  beforeAll(async () => {
    data = await readSweep(FIXTURE);
    report = await renderSweepReport(data);
  });

  it('states the grid and how many points ran and failed, listing the failed one with its error', () => {
    expect(report.markdown).toContain('6 grid points \\(3 × 2 × 1\\), scenario seed 42, ranked by net\\_pnl \\(higher is better\\)');
    expect(report.markdown).toContain('| risk.auction\\_swap\\_threshold | 0, 10, 20 | 3 |');
    expect(report.markdown).toContain('Of 6 points: 5 ran, 1 failed.');
    expect(report.markdown).toContain(`| ${FAILED_ID.replace(/_/g, '\\_')} | risk.auction\\_swap\\_threshold = 20, sim.fee\\_bps = 10, `);
    // The error's pipe is escaped so it cannot split the Markdown cell.
    expect(report.markdown).toContain('| Error: margin check failed \\| used 101.2 % of equity at 2016-03-01T00:00:00.000Z |');
    expect(report.html).toContain('<h3>Failed points</h3>');
    expect(report.html).toContain('Error: margin check failed | used 101.2 % of equity at 2016-03-01T00:00:00.000Z');
    expect(report.html).toContain('<div class="k">Failed</div><div class="v neg">1</div>');
  });

  it('picks the best point by net PnL: threshold 10, fee 2 bp, 7,450.00', () => {
    // Net PnL of the five points that ran: 7,320, 5,400, 7,450, 6,250, 6,300; the failed one has none.
    expect(report.markdown).toContain(`Best by net\\_pnl: ${BEST_ID} \\(risk.auction\\_swap\\_threshold = 10, sim.fee\\_bps = 2, `);
    expect(report.markdown).toContain('net\\_pnl = 7,450.00.');
    expect(report.markdown).toMatch(new RegExp(`\\| ${BEST_ID} \\| 10 \\| 2 \\| [^|]+ \\| \\*\\*ok, best\\*\\* \\| 7,450\\.00 \\|`));
    expect(report.html).toMatch(new RegExp(`<tr class="best"><td class="mono nowrap">${BEST_ID}</td>`));
    expect(report.html).toContain(`<div class="v id">${BEST_ID}</div>`);
  });

  it('prints the heatmap values in the Markdown, threshold across and fee down', () => {
    const heading = '| sim.fee\\_bps ↓, risk.auction\\_swap\\_threshold → | 0 | 10 | 20 |';
    expect(report.markdown).toContain(`### Net PnL over risk.auction\\_swap\\_threshold × sim.fee\\_bps\n\n${heading}`);
    expect(report.markdown).toContain('| 2 | 7,320.00 | 7,450.00 | 6,300.00 |\n| 10 | 5,400.00 | 6,250.00 | failed |');
    // One-way turnover = traded / (2 × mean equity) / (366 / 365.25): 2,400,000 / (2 × 103,660) / 1.002053 = 11.55, ...
    expect(report.markdown).toContain('| 2 | 11.55 | 7.22 | 4.84 |\n| 10 | 11.66 | 7.26 | failed |');
    // Cost drag = (fees + slippage) / gross before costs: (480 + 1,200) / 9,000 = 18.7 %, (2,400 + 1,200) / 9,000 = 40.0 %, ...
    expect(report.markdown).toContain('| 2 | 18.7 % | 12.4 % | 10.0 % |\n| 10 | 40.0 % | 26.5 % | failed |');
  });

  it('prints the heatmap values in the cells of the SVG heatmaps', () => {
    const pnl = svgOf(report.html, 'heatmap_net_pnl');
    for (const text of ['7,320.00', '7,450.00', '6,300.00', '5,400.00', '6,250.00', 'failed']) expect(pnl).toContain(`>${text}</text>`);
    const turnover = svgOf(report.html, 'heatmap_turnover_one_way_annual');
    for (const text of ['11.55', '7.22', '4.84', '11.66', '7.26']) expect(turnover).toContain(`>${text}</text>`);
    const drag = svgOf(report.html, 'heatmap_cost_drag_total');
    for (const text of ['18.7 %', '12.4 %', '10.0 %', '40.0 %', '26.5 %']) expect(drag).toContain(`>${text}</text>`);
  });

  it('draws every chart, each with marks and without vega warnings', async () => {
    const charts = await renderSweepCharts(buildSweepModel(data));
    expect(charts.map((c) => c.id)).toEqual([
      'heatmap_net_pnl', 'heatmap_turnover_one_way_annual', 'heatmap_cost_drag_total', 'churn_threshold', 'cost_sim_fee_bps', 'pnl_turnover', 'walk_forward',
    ]);
    for (const chart of charts) {
      expect(chart.svg, chart.id).toMatch(/^<svg [^>]*class="marks"/);
      expect(chart.warnings, chart.id).toEqual([]);
    }
    expect(report.html.match(/<svg /g)).toHaveLength(7);
  });

  it('plots churn and net PnL against the threshold, one line per fee, with the values tabled', () => {
    const churn = svgOf(report.html, 'churn_threshold');
    for (const title of ['Swaps per day', 'Round trips per day', 'Re-entries', 'Flip-flops', 'Net PnL']) expect(churn).toContain(`>${title}</text>`);
    expect(churn).toContain('>sim.fee_bps</text>');
    // Five panels, two lines each (fee 2 and fee 10).
    expect(churn.match(/class="mark-line role-mark/g)).toHaveLength(10);
    // Rows line by line (fee 2, then fee 10), along the threshold.
    expect(report.markdown).toContain('| 0 | 2 | 0.492 | 0.820 | 60 | 25 | 7,320.00 |\n| 10 | 2 | 0.246 | 0.574 | 30 | 10 | 7,450.00 |');
    expect(report.markdown).toContain('| 20 | 10 | failed | failed | failed | failed | failed |');
  });

  it('draws the cost sensitivity against the fee level only (slippage is not an axis)', () => {
    expect(report.html).toContain('data-chart="cost_sim_fee_bps"');
    expect(report.html).not.toContain('data-chart="cost_sim_slippage_bps"');
    expect(report.markdown).toContain('### Net PnL against sim.fee\\_bps');
    expect(report.markdown).toContain('| 2 | 0 | 7,320.00 | 18.7 % |\n| 10 | 0 | 5,400.00 | 40.0 % |');
  });

  it('scatters net PnL against turnover for every point that ran, ringing the best', () => {
    const scatter = svgOf(report.html, 'pnl_turnover');
    expect(scatter.match(/class="mark-symbol role-mark/g)?.length).toBeGreaterThanOrEqual(2);
    expect(scatter).toContain('>best</text>');
    expect(scatter).toContain('>Turnover, one-way, per year</text>');
  });

  it('sets in-sample against out-of-sample per fold and condition, and says per condition whether the choice held up', () => {
    const level = (fee: number): string => `sim.fee_bps=${fee} sim.slippage_model=${JSON.stringify(SCRIPT)}`;
    // Fee 2: fold 1 made 2,600 in sample over 122 days → 2,600 expected over the next 122; fold 2: 4,700 over 244 days → 2,350.
    // Out of sample 2,100 + 1,500 = 3,600 against 4,950: 72.7 %, so only partly.
    // Fee 10: 1,800 over 122 days → 1,800; 3,500 over 244 days → 1,750. Out of sample −100 − 400 = −500 against 3,550: −14 %.
    const verdict = 'Costs and the seed are conditions, not choices, so each condition is judged on its own: the out-of-sample net PnL of the parameters chosen at that condition, '
      + 'against what they made at their in-sample pace (in-sample net PnL per day × out-of-sample days). '
      + `At ${level(2)}: 3,600.00 over 2 folds against 4,950.00 expected, 73 % of it: they held up only partly out of sample. `
      + `At ${level(10)}: −500.00 over 2 folds against 3,550.00 expected, −14 % of it: they did not hold up out of sample.`;
    expect(report.html).toContain(`<p class="note">${escapeHtml(verdict)}</p>`);
    expect(report.markdown).toContain(escapeMarkdown(verdict));
    // At fee 2 the threshold stayed at 10; at fee 10 it moved from 10 to 0.
    const choice = `The choice axes were ranked within each condition. At ${level(2)}: risk.auction_swap_threshold = 10 in every fold. `
      + `At ${level(10)}: risk.auction_swap_threshold = 10 in fold 1, then risk.auction_swap_threshold = 0 in fold 2.`;
    expect(report.markdown).toContain(escapeMarkdown(choice));
    expect(report.html).toContain(`${escapeHtml(choice)} Each fold’s point is the best by net_pnl at its condition over all folds before it (in), then replayed at the same condition on the fold alone (out).`);
    expect(report.markdown).toContain('| Fold | Condition | In-sample window | Out-of-sample window | Chosen point | Net PnL IS | Net PnL OOS | Turnover 1-way /yr IS |');
    // Rows fold by fold, then condition by condition in grid order (fee 2 before fee 10).
    const rows = report.markdown.split('\n').filter((l) => /^\| [12] \| sim\.fee/.test(l));
    expect(rows).toEqual([
      `| 1 | ${escapeMarkdown(level(2))} | 2016-01-04 – 2016-05-05 (122 d) | 2016-05-05 – 2016-09-04 (122 d) | ${BEST_ID} | 2,600.00 | 2,100.00 | 11.80 | 12.40 | 12.0 % | 15.0 % | 0.240 | 0.260 |`,
      `| 1 | ${escapeMarkdown(level(10))} | 2016-01-04 – 2016-05-05 (122 d) | 2016-05-05 – 2016-09-04 (122 d) | p0003-1ps4daaxjc7 | 1,800.00 | −100.00 | 11.90 | 12.60 | 30.0 % | 33.0 % | 0.240 | 0.270 |`,
      expect.stringMatching(new RegExp(`^\\| 2 \\| sim\\.fee\\\\_bps=2 .* \\| 2016-01-04 – 2016-09-04 \\(244 d\\) \\| 2016-09-04 – 2017-01-04 \\(122 d\\) \\| ${BEST_ID} \\| 4,700\\.00 \\| 1,500\\.00 \\|`)),
      expect.stringMatching(/^\| 2 \| sim\.fee\\_bps=10 .* \| p0001-sxgry6rkh8 \| 3,500\.00 \| −400\.00 \|/),
    ]);
    expect(report.html).toContain(`<td class="mono wrap">${escapeHtml(level(10))}</td>`);
    const wf = svgOf(report.html, 'walk_forward');
    expect(wf).toContain('>Net PnL per day</text>');
    expect(report.html).toContain('One row per condition: the point was chosen among the points of that condition and replayed at it.');
    // Two panels × two conditions × two folds × two samples.
    expect(wf.match(/aria-roledescription="bar"/g)).toHaveLength(16);
    // A row of panels per condition, each of the two panels headed by the condition (truncated to fit).
    expect(wf.match(/>sim\.fee_bps=2 sim\.slippage_model=/g)).toHaveLength(2);
    expect(wf.match(/>sim\.fee_bps=10 sim\.slippage_model=/g)).toHaveLength(2);
  });

  it('escapes the hostile axis value everywhere: HTML text, tables, SVG, Markdown', () => {
    expect(report.html).not.toMatch(/<script/i);
    expect(report.html).toContain('&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;');
    for (const tag of tags(report.html)) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(report.markdown).toContain('\\<script\\>alert\\("x\\&y"\\)\\</script\\>');
    expect(report.markdown).not.toMatch(/(?<!\\)</);
  });

  it('references nothing external: no URL but the SVG namespace, no src, link or import', () => {
    const namespace = 'xmlns="http://www.w3.org/2000/svg"';
    expect(report.html).toContain(namespace);
    const rest = report.html.replaceAll(namespace, '');
    expect(rest).not.toMatch(/https?:\/\//);
    expect(rest).not.toMatch(/<link|@import|url\((?!#)/i);
    for (const tag of tags(report.html)) expect(tag).not.toMatch(/\s(src|href|xlink:href|action)\s*=/i);
    expect(report.markdown).not.toMatch(/https?:\/\//);
  });

  it('keeps SVG ids unique across the page', () => {
    const ids = [...report.html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the same text on every render', async () => {
    const again = await renderSweepReport(await readSweep(FIXTURE));
    expect(again.html).toBe(report.html);
    expect(again.markdown).toBe(report.markdown);
  });

  it('lets the caller choose the heatmap axes, and rejects one the sweep does not have', async () => {
    const swapped = await renderSweepReport(data, { heatmapAxes: ['sim.fee_bps', 'risk.auction_swap_threshold'] });
    expect(swapped.markdown).toContain('| risk.auction\\_swap\\_threshold ↓, sim.fee\\_bps → | 2 | 10 |\n| --- | --- | --- |\n| 0 | 7,320.00 | 5,400.00 |\n| 10 | 7,450.00 | 6,250.00 |\n| 20 | 6,300.00 | failed |');
    await expect(renderSweepReport(data, { heatmapAxes: ['sim.fee_bps', 'sim.leverage'] })).rejects.toThrow(InputError);
    await expect(renderSweepReport(data, { heatmapAxes: ['sim.fee_bps', 'sim.fee_bps'] })).rejects.toThrow(/two different axes/);
    await expect(renderSweepReport(data, { heatmapMetrics: ['nope'] })).rejects.toThrow(/heatmap metrics: nope: expected a metric column/);
  });

  it('omits walk-forward when the sweep ran without it', async () => {
    const without = await renderSweepReport({ ...data, walkForward: null, walkForwardMetricKeys: [] });
    expect(without.markdown).not.toContain('## Walk-forward');
    expect(without.html).not.toContain('data-chart="walk_forward"');
  });
});

describe('best point', () => {
  it('ranks lower-first for lower-is-better metrics and breaks ties by grid order', async () => {
    const data = await readSweep(FIXTURE);
    expect(bestResult(data.results, 'turnover_one_way_annual')?.point.id).toBe('p0004-29i4tnneu31');
    expect(bestResult(data.results, 'sharpe')?.point.id).toBe(BEST_ID);
    // Flip-flops 25, 25, 10, 10, 3: fewest wins.
    expect(bestResult(data.results, 'flip_flops')?.point.id).toBe('p0004-29i4tnneu31');
    // Swaps made 180, 180, 90, 90, 40 ranks higher-first: points 0 and 1 tie, the earlier wins.
    expect(bestResult(data.results, 'swaps_made')?.point.id).toBe('p0000-rs8edg58wb');
    expect(bestResult(data.results, 'blocked_gap_sum')).toBeNull();
  });

  it('agrees with the walk-forward ranking of the sweep command on every metric', async () => {
    const data = await readSweep(FIXTURE);
    for (const metric of new Set([...data.metricKeys, ...LOWER_IS_BETTER])) {
      const values = new Map(data.results.map((r, i) => [r.point.id, i % 2 === 0 ? i : -i] as const));
      const results = data.results.map((r) => ({ ...r, status: 'ok' as const, metrics: { [metric]: values.get(r.point.id) as number } }));
      const ours = bestResult(results, metric)?.point.id;
      const theirs = bestPoint(data.plan.points, (p) => values.get(p.id) ?? '', metric)?.id;
      expect(ours, metric).toBe(theirs);
    }
  });
});

describe('report of sweeps built in code', () => {
  it('with one axis (slippage): a one-row heatmap, the slippage curve, no churn chart', async () => {
    const data = makeSweep([{ key: 'sim.slippage_bps', values: [0, 5, 10] }], (v) => {
      const bps = v['sim.slippage_bps'] as number;
      return { net_pnl: 1000 - 60 * bps, turnover_one_way_annual: 3, cost_drag_total: bps / 50 };
    });
    const report = await renderSweepReport(data);
    expect(report.markdown).toContain('| sim.slippage\\_bps | 0 | 5 | 10 |\n| --- | --- | --- | --- |\n| Net PnL | 1,000.00 | 700.00 | 400.00 |');
    expect(report.markdown).toContain('risk.auction\\_swap\\_threshold is not an axis of this sweep.');
    expect(report.markdown).toContain('### Net PnL against sim.slippage\\_bps');
    expect(report.html).toContain('data-chart="cost_sim_slippage_bps"');
    expect(svgOf(report.html, 'heatmap_net_pnl')).toContain('>700.00</text>');
    expect(report.html).toContain('<div class="empty">risk.auction_swap_threshold is not an axis of this sweep.</div>');
  });

  it('with a string series axis: legend labels escaped in the SVG; points not run counted; fixed axes named', async () => {
    const data = makeSweep([
      { key: 'risk.auction_swap_threshold', values: [0, 10] },
      { key: 'sim.slippage_model', values: ['fixed', '<b>range</b>&'] },
      { key: 'sim.fee_bps', values: [1, 3] },
    ], (v, p) => {
      if (p.index === 7) return undefined;
      const t = v['risk.auction_swap_threshold'] as number;
      const fee = v['sim.fee_bps'] as number;
      return { net_pnl: 500 + 10 * t - 40 * fee, turnover_one_way_annual: 9 - t / 2, cost_drag_total: 0.1 * fee, swaps_per_day: 1 - t / 20, round_trips_per_day: 2, reentries: 4, flip_flops: 1 };
    });
    const report = await renderSweepReport(data);
    expect(report.markdown).toContain('Of 8 points: 7 ran, 0 failed, 1 not run \\(no row in results.csv\\).');
    expect(report.markdown).toContain('### Points not run');
    // Best: threshold 10, fee 1 → 560 (first of the two model values in grid order); heatmaps hold fee at 1.
    expect(report.markdown).toContain('Other axes at the best point’s values: sim.fee\\_bps = 1.');
    const churn = svgOf(report.html, 'churn_threshold');
    expect(churn).toContain('&lt;b&gt;range&lt;/b&gt;&amp;');
    expect(churn).not.toContain('<b>');
    expect(report.html).not.toContain('<b>');
    expect(report.markdown).not.toMatch(/(?<!\\)</);
  });

  it('with walk-forward over a grid without condition axes: one verdict and choice for the whole grid, no condition column', async () => {
    const data = makeSweep([{ key: 'risk.auction_swap_threshold', values: [0, 10] }], (v) => ({ net_pnl: 100 + (v['risk.auction_swap_threshold'] as number) }));
    const [p0, p1] = data.plan.points;
    // Fold 1: 1,000 in sample over 100 days → 1,000 expected; fold 2: 3,000 over 200 days → 1,500. Out of sample 2,300: 92 %.
    const folds = [wfFold(1, '', p1!.id, 1000, 900, 2), wfFold(2, '', p0!.id, 3000, 1400, 3)];
    const report = await renderSweepReport({ ...data, walkForward: folds, walkForwardMetricKeys: ['net_pnl'] });
    expect(report.markdown).toContain(escapeMarkdown('Out of sample the chosen parameters made a net PnL of 2,300.00 over 2 folds, against 2,500.00 expected at their in-sample pace '
      + '(in-sample net PnL per day × out-of-sample days), 92 % of it: they held up out of sample.'));
    expect(report.markdown).toContain('The choice changed between folds: 2 different points over 2 folds. Each fold’s point is the best by net\\_pnl over all folds before it');
    expect(report.markdown).toContain('| Fold | In-sample window | Out-of-sample window | Chosen point | Net PnL IS | Net PnL OOS |');
    expect(report.markdown).not.toContain('Condition');
    expect(report.html).not.toContain('Condition');
    // One row of panels, no condition headers: two panels × two folds × two samples.
    const wf = svgOf(report.html, 'walk_forward');
    expect(wf.match(/aria-roledescription="bar"/g)).toHaveLength(8);
    expect(report.html).not.toContain('One row per condition');
  });

  it('with walk-forward over cost axes only: nothing to choose, each condition judged on its own', async () => {
    const data = makeSweep([{ key: 'sim.fee_bps', values: [0, 5] }], (v) => ({ net_pnl: 100 - (v['sim.fee_bps'] as number) }));
    const [p0, p1] = data.plan.points;
    const folds = [wfFold(1, 'sim.fee_bps=0', p0!.id, 1000, 1000, 2), wfFold(1, 'sim.fee_bps=5', p1!.id, -200, 50, 3)];
    const report = await renderSweepReport({ ...data, walkForward: folds, walkForwardMetricKeys: ['net_pnl'] });
    expect(report.markdown).toContain(escapeMarkdown('Every axis of the grid is a condition (a cost or the seed), so there was nothing to choose: each condition’s one point was replayed out of sample in every fold.'));
    expect(report.markdown).toContain(escapeMarkdown('At sim.fee_bps=0: 1,000.00 over 1 fold against 1,000.00 expected, 100 % of it: they held up out of sample. '
      + 'At sim.fee_bps=5: 50.00 over 1 fold against −200.00 expected: they lost money in sample, yet made money out of sample.'));
    expect(report.markdown).toMatch(/\| 1 \| sim\.fee\\_bps=5 \| [^|]+ \| [^|]+ \| p0001-/);
    expect(svgOf(report.html, 'walk_forward').match(/aria-roledescription="bar"/g)).toHaveLength(8);
  });

  it('with walk-forward over threshold × seed: each seed a condition, its choice named without the seed', async () => {
    const data = makeSweep([{ key: 'risk.auction_swap_threshold', values: [0, 10] }, { key: 'seed', values: [1, 2] }],
      (v) => ({ net_pnl: 100 + (v['risk.auction_swap_threshold'] as number) }));
    const [, p1, p2] = data.plan.points;
    // Seed 1: 1,000 over 100 days → 1,000 expected, 3,000 over 200 → 1,500; out of sample 2,300: 92 %.
    // Seed 2: 500 over 100 days → 500, 1,000 over 200 → 500; out of sample −300: −30 %.
    const folds = [
      wfFold(1, 'seed=1', p2!.id, 1000, 900, 2), wfFold(1, 'seed=2', p1!.id, 500, -100, 3),
      wfFold(2, 'seed=1', p2!.id, 3000, 1400, 4), wfFold(2, 'seed=2', p1!.id, 1000, -200, 5),
    ];
    const report = await renderSweepReport({ ...data, walkForward: folds, walkForwardMetricKeys: ['net_pnl'] });
    expect(report.markdown).toContain(escapeMarkdown('Costs and the seed are conditions, not choices, so each condition is judged on its own: '));
    expect(report.markdown).toContain(escapeMarkdown('At seed=1: 2,300.00 over 2 folds against 2,500.00 expected, 92 % of it: they held up out of sample. '
      + 'At seed=2: −300.00 over 2 folds against 1,000.00 expected, −30 % of it: they did not hold up out of sample.'));
    // The seed is the condition, not part of the choice: only the threshold is named.
    expect(report.markdown).toContain(escapeMarkdown('The choice axes were ranked within each condition. '
      + 'At seed=1: risk.auction_swap_threshold = 10 in every fold. At seed=2: risk.auction_swap_threshold = 0 in every fold.'));
    expect(report.markdown).toContain('| Fold | Condition | In-sample window |');
    expect(report.markdown).toMatch(new RegExp(`\\| 2 \\| seed=2 \\| [^|]+ \\| [^|]+ \\| ${p1!.id} \\|`));
    // Two panels × two conditions × two folds × two samples.
    expect(svgOf(report.html, 'walk_forward').match(/aria-roledescription="bar"/g)).toHaveLength(16);
  });

  it('with nothing run yet: no best point, grey heatmaps, empty charts explained', async () => {
    const data = makeSweep([{ key: 'risk.auction_swap_threshold', values: [0, 10] }, { key: 'sim.fee_bps', values: [1] }], () => undefined);
    const report = await renderSweepReport({ ...data, metricKeys: ['net_pnl'] });
    expect(report.markdown).toContain('Of 2 points: 0 ran, 0 failed, 2 not run');
    expect(report.markdown).toContain('No point that ran has a numeric net\\_pnl, so there is no best point.');
    expect(report.markdown).toContain('| sim.fee\\_bps ↓, risk.auction\\_swap\\_threshold → | 0 | 10 |\n| --- | --- | --- |\n| 1 | not run | not run |');
    expect(report.html).toContain('No point reported both net PnL and turnover.');
  });
});
