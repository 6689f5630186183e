// Entry point of the reports: a run's data in, report.md, report.html and summary.json text out (no file I/O here).

import type { RunData } from '../io/runReader.js';
import { renderCharts } from './charts.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildReportModel } from './model.js';
import { summaryJsonText } from './summary.js';

export interface RunReport {
  readonly markdown: string;
  readonly html: string;
}

/**
 * Renders the run's report. `baseline` defaults to the run's own baseline/ (pass null for none).
 * Async because vega evaluates its dataflow asynchronously, even headless.
 */
export async function renderRunReport(run: RunData, baseline?: RunData | null): Promise<RunReport> {
  const model = buildReportModel(run, baseline);
  const charts = await renderCharts(run, model.baseline);
  return { markdown: renderMarkdown(model), html: renderHtml(model, charts) };
}

/** Every file a report writes into the run folder, by name; the caller writes them (atomically, with the run). */
export async function reportFiles(run: RunData, baseline?: RunData | null): Promise<Record<'summary.json' | 'report.md' | 'report.html', string>> {
  const report = await renderRunReport(run, baseline);
  return { 'summary.json': summaryJsonText(run), 'report.md': report.markdown, 'report.html': report.html };
}
