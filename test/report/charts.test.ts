// Charts: Vega-Lite → SVG in Node, deterministic across renders and machine time zones, nothing external.

import { afterAll, describe, expect, it } from 'vitest';
import { readRun } from '../../src/io/runReader.js';
import { chartSpecs, periodFor, periodLabel } from '../../src/report/chartSpecs.js';
import { normaliseSvg, renderCharts, type ChartSvg } from '../../src/report/charts.js';
import { cycle, day, makeRun } from './runData.js';

const FIXTURE = 'test/fixtures/runs/small';
const ORIGINAL_TZ = process.env.TZ;

async function fixtureCharts(): Promise<ChartSvg[]> {
  const run = await readRun(FIXTURE);
  return renderCharts(run, run.baseline);
}

describe('charts of the fixture', () => {
  afterAll(() => {
    if (ORIGINAL_TZ === undefined) delete process.env.TZ;
    else process.env.TZ = ORIGINAL_TZ;
  });

  it('renders every chart, with marks, without warnings', async () => {
    const charts = await fixtureCharts();
    expect(charts.map((c) => c.id)).toEqual([
      'equity_drawdown', 'baseline_equity', 'positions', 'turnover_costs', 'holding_histogram', 'churn_events', 'rejections',
    ]);
    for (const chart of charts) {
      expect(chart.svg, chart.id).toMatch(/^<svg [^>]*class="marks"/);
      expect(chart.svg, chart.id).toMatch(/class="mark-(line|area|rect|rule)[^"]*role-mark/);
      expect(chart.warnings, chart.id).toEqual([]);
    }
  });

  it('is byte-identical between two renders in one process', async () => {
    const first = await fixtureCharts();
    const second = await fixtureCharts();
    expect(second.map((c) => c.svg)).toEqual(first.map((c) => c.svg));
  });

  it('is byte-identical whatever the machine time zone (UTC scales, UTC buckets)', async () => {
    process.env.TZ = 'UTC';
    const utc = await fixtureCharts();
    // Node re-reads TZ when it is assigned; check it took effect, or the comparison would prove nothing.
    process.env.TZ = 'America/New_York';
    expect(new Date(Date.UTC(2016, 0, 5)).getTimezoneOffset()).toBe(300);
    const newYork = await fixtureCharts();
    process.env.TZ = 'Asia/Kolkata';
    expect(new Date(Date.UTC(2016, 0, 5)).getTimezoneOffset()).toBe(-330);
    const kolkata = await fixtureCharts();
    expect(newYork.map((c) => c.svg)).toEqual(utc.map((c) => c.svg));
    expect(kolkata.map((c) => c.svg)).toEqual(utc.map((c) => c.svg));
    // The axis labels are the UTC dates of the data (Jan 4 to 11), not shifted a day back.
    expect(utc[0]?.svg).toContain('>Mon 04<');
    expect(utc[0]?.svg).toContain('>Mon 11<');
  });

  it('references nothing outside the SVG: no URL but the SVG namespace, ids unique across charts', async () => {
    const charts = await fixtureCharts();
    const all = charts.map((c) => c.svg ?? '').join('\n');
    expect(all.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|xlink|href|<image|@import/);
    const ids = [...all.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('chart specs', () => {
  it('leave out charts with nothing to draw, saying why', () => {
    const empty = chartSpecs(makeRun({ decisions: null }));
    expect(empty.every((c) => c.spec === null && typeof c.note === 'string')).toBe(true);
    const quiet = chartSpecs(makeRun({ cycles: [cycle(day(0), 1), cycle(day(1), 1)] }));
    expect(quiet.filter((c) => c.spec !== null).map((c) => c.id)).toEqual(['equity_drawdown', 'positions', 'turnover_costs']);
    expect(quiet.find((c) => c.id === 'rejections')?.note).toBe('No candidate was rejected.');
  });

  it('bucket by UTC day for short runs and by UTC month from about two months', () => {
    expect(periodFor(makeRun({ cycles: [cycle(day(0), 1), cycle(day(61), 1)] }))).toBe('day');
    expect(periodFor(makeRun({ cycles: [cycle(day(0), 1), cycle(day(62), 1)] }))).toBe('month');
    expect(periodLabel(Date.UTC(2016, 0, 31, 23, 30), 'day')).toBe('2016-01-31');
    expect(periodLabel(Date.UTC(2016, 0, 31, 23, 30), 'month')).toBe('2016-01');
  });

  it('the baseline chart appears only with a baseline', () => {
    const run = makeRun({ cycles: [cycle(day(0), 1)] });
    expect(chartSpecs(run).some((c) => c.id === 'baseline_equity')).toBe(false);
    expect(chartSpecs(run, run).some((c) => c.id === 'baseline_equity')).toBe(true);
  });
});

describe('normaliseSvg', () => {
  it('renames ids and their references in order of appearance and drops an unused xlink namespace', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><clipPath id="clip7"><rect/></clipPath>'
      + '<g clip-path="url(#clip7)"/><linearGradient id="g.1"/><rect fill="url(#g.1)"/></svg>';
    expect(normaliseSvg(svg, 'c')).toBe('<svg xmlns="http://www.w3.org/2000/svg"><clipPath id="c-1"><rect/></clipPath>'
      + '<g clip-path="url(#c-1)"/><linearGradient id="c-2"/><rect fill="url(#c-2)"/></svg>');
  });
});
