// renderRunReport on the fixture: escaping, no external references, every formula printed, baseline side by side.

import { beforeAll, describe, expect, it } from 'vitest';
import { readRun, type RunData } from '../../src/io/runReader.js';
import { computeMetrics, summaryJson } from '../../src/report/metrics.js';
import { MAX_TABLE_ROWS } from '../../src/report/model.js';
import { renderRunReport, reportFiles, type RunReport } from '../../src/report/render.js';
import { summaryJsonText } from '../../src/report/summary.js';
import { cycle, day, makeRun, trade } from './runData.js';

const FIXTURE = 'test/fixtures/runs/small';

/** The real tags of a page (input text has its `<` escaped), attribute values blanked so their text cannot match. */
function tags(html: string): string[] {
  return (html.match(/<[a-zA-Z][^>]*>/g) ?? []).map((tag) => tag.replace(/"[^"]*"/g, '""'));
}

describe('report of the small fixture', () => {
  let run: RunData;
  let report: RunReport;

  beforeAll(async () => {
    run = await readRun(FIXTURE);
    report = await renderRunReport(run);
  });

  it('HTML shows the hostile symbol escaped and never as markup', () => {
    expect(report.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(report.html).not.toContain('<img');
    expect(report.html).not.toMatch(/<script/i);
    expect(report.html).toContain('small &amp; &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(report.html).toContain('range,&quot;pullback&quot;');
    for (const tag of tags(report.html)) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('HTML references nothing external: no URL but the SVG namespace, no src, no link, no import', () => {
    const namespace = 'xmlns="http://www.w3.org/2000/svg"';
    expect(report.html).toContain(namespace);
    const rest = report.html.replaceAll(namespace, '');
    expect(rest).not.toMatch(/https?:\/\//);
    expect(rest).not.toMatch(/<link|@import|url\((?!#)/i);
    for (const tag of tags(report.html)) expect(tag).not.toMatch(/\s(src|href|xlink:href|action)\s*=/i);
  });

  it('HTML inlines one SVG per chart', () => {
    expect(report.html.match(/<figure class="chart"/g)).toHaveLength(7);
    expect(report.html.match(/<svg /g)).toHaveLength(7);
  });

  it('Markdown prints every metric key with its formula, escapes input strings, and never carries raw markup', () => {
    for (const metric of computeMetrics(run)) {
      expect(report.markdown, metric.key).toContain(`\`${metric.key}\``);
      expect(report.markdown, metric.key).toContain(metric.formula);
    }
    expect(report.markdown).toContain('\\<img src=x onerror=alert\\(1\\)\\>');
    // Every `<` in the Markdown is backslash-escaped, so no renderer sees a tag.
    expect(report.markdown).not.toMatch(/(?<!\\)</);
  });

  it('puts the auction and the baseline side by side', () => {
    expect(report.markdown).toContain('## Auction vs baseline');
    expect(report.markdown).toContain('| Net PnL | 1,075.38 | 747.40 | +327.97 |');
    expect(report.markdown).toMatch(/\| Flip-flops \| 1 \| 0 \| \+1 \|/);
    expect(report.markdown).toMatch(/\| Cost drag: total \| 5\.00 % \| 5\.39 % \| −0\.39 pp \|/);
    expect(report.html).toContain('<h2>Auction vs baseline</h2>');
  });

  it('prints the effective hurdle and that equal costs cancel', () => {
    const sentence = 'Effective swap hurdle = swap_threshold + entry_cost − exit_cost = 10 + 2 − 2 = 10 score points. '
      + 'With equal entry and exit costs the costs cancel, and the hurdle is swap_threshold alone, as here.';
    expect(report.markdown).toContain(sentence);
    expect(report.html).toContain(sentence);
  });

  it('lists all trades when under the cap', () => {
    expect(report.markdown).toContain('All 4 round trips, by entry time.');
    expect(report.markdown).toContain('| MSFT | long | 2016-01-06 | 2016-01-11 | 40.008 | 42.9914 | 250 | 735.475075 |');
  });

  it('is the same text on every render', async () => {
    const again = await renderRunReport(run);
    expect(again.markdown).toBe(report.markdown);
    expect(again.html).toBe(report.html);
  });

  it('reportFiles gives summary.json in metric order, plus both reports', async () => {
    const files = await reportFiles(run);
    expect(files['report.md']).toBe(report.markdown);
    expect(files['report.html']).toBe(report.html);
    expect(files['summary.json']).toBe(summaryJsonText(run));
    const parsed = JSON.parse(files['summary.json']) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(Object.keys(summaryJson(computeMetrics(run))));
    expect(parsed.net_pnl).toBe(1075.3757132);
    expect(files['summary.json'].endsWith('}\n')).toBe(true);
  });
});

describe('report without a baseline, and with many trades', () => {
  it('omits the comparison when there is no baseline (explicit null wins over baseline/)', async () => {
    const run = await readRun(FIXTURE);
    const report = await renderRunReport(run, null);
    expect(report.markdown).not.toContain('Auction vs baseline');
    expect(report.html).not.toContain('data-chart="baseline_equity"');
  });

  it('caps the trades table and says how many were left out', async () => {
    const trades = Array.from({ length: MAX_TABLE_ROWS + 50 }, (_, i) => trade({ positionId: `P${String(i).padStart(3, '0')}`, entryMs: day(0) + i }));
    const report = await renderRunReport(makeRun({ cycles: [cycle(day(0), 1), cycle(day(1), 1)], trades }));
    expect(report.markdown).toContain(`The first ${MAX_TABLE_ROWS} of ${MAX_TABLE_ROWS + 50} round trips by entry time; 50 omitted`);
    expect(report.html.match(/<tr><td class="sym">/g)).toHaveLength(MAX_TABLE_ROWS);
  });

  it('renders an empty run with notes instead of charts', async () => {
    const report = await renderRunReport(makeRun({ decisions: null }));
    expect(report.html).toContain('No round trips.');
    expect(report.html).toContain('The run folder has neither decision_stats.json nor decisions.jsonl.gz.');
    expect(report.markdown).toContain('No round trips.');
  });
});
