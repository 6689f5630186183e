// Browser check: the fixture's report.html opened from file:// in headless Chromium draws every chart, requests nothing, runs nothing.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun } from '../../src/io/runReader.js';
import { renderRunReport } from '../../src/report/render.js';

const FIXTURE = resolve('test/fixtures/runs/small');
const SCREENSHOT = resolve('reports/browser-check/report.png');
const EVIL = '<img src=x onerror=alert(1)>';
/** Flags that keep Chromium from phoning home, so "no request but the file" is about the page alone. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

describe('report.html in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart offline, shows hostile input as text and runs nothing', async () => {
    const run = await readRun(FIXTURE);
    const { html } = await renderRunReport(run);
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    let dialogs = 0;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });

    const charts = await page.$$eval('figure.chart', (figures) => figures.map((figure) => ({
      id: figure.getAttribute('data-chart') ?? '',
      svgs: figure.querySelectorAll('svg').length,
      marks: figure.querySelectorAll('svg .role-mark path, svg .role-mark rect, svg .role-mark line, svg .role-mark circle').length,
      box: (figure.querySelector('svg')?.getBoundingClientRect().width ?? 0),
    })));
    expect(charts.map((c) => c.id)).toEqual([
      'equity_drawdown', 'baseline_equity', 'positions', 'turnover_costs', 'holding_histogram', 'churn_events', 'rejections',
    ]);
    for (const chart of charts) {
      expect(chart.svgs, chart.id).toBe(1);
      expect(chart.marks, chart.id).toBeGreaterThan(0);
      expect(chart.box, chart.id).toBeGreaterThan(100);
    }

    const text = await page.innerText('body');
    expect(text).toContain(EVIL);
    expect(text).toContain('<script>alert("name")</script>');
    expect(await page.$$('img')).toHaveLength(0);
    expect(await page.$$('script')).toHaveLength(0);

    mkdirSync(resolve('reports/browser-check'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();

    expect(dialogs).toBe(0);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
  });
});
