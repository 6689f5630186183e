// Renders the report's Vega-Lite specs to self-contained, deterministic SVG strings in Node (no canvas, no browser).

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RunData } from '../io/runReader.js';
import { chartSpecs, type ChartSpec } from './chartSpecs.js';

export interface ChartSvg {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Inline SVG markup, or null when there was nothing to draw (`note` says why). */
  readonly svg: string | null;
  readonly note?: string;
  /** Vega and Vega-Lite warnings met while rendering (tests expect none). */
  readonly warnings: readonly string[];
}

/** A logger that keeps warnings instead of printing them: a report build must not write to the console. */
function collectingLogger(sink: string[]): vega.LoggerInterface {
  return vega.logger(vega.Warn, 'warn', (_method, level, args) => {
    sink.push(`${level} ${args.map(String).join(' ')}`);
  });
}

/**
 * Makes vega's SVG safe to inline many times in one page and identical between renders:
 * vega numbers clip paths from a process-wide counter (clip1, clip2, ...), so ids are renamed
 * `<prefix>-<n>` in order of appearance; the unused xlink namespace declaration is dropped so the
 * page carries no URL besides the SVG namespace.
 */
export function normaliseSvg(svg: string, prefix: string): string {
  const ids: string[] = [];
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.includes(match[1] as string)) ids.push(match[1] as string);
  let out = svg;
  ids.forEach((id, i) => {
    const fresh = `${prefix}-${i + 1}`;
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out
      .replace(new RegExp(`(\\sid=")${escaped}(")`, 'g'), `$1${fresh}$2`)
      .replace(new RegExp(`url\\(#${escaped}\\)`, 'g'), `url(#${fresh})`)
      .replace(new RegExp(`(href=")#${escaped}(")`, 'g'), `$1#${fresh}$2`);
  });
  const withoutXlink = out.replace(/\sxmlns:xlink="[^"]*"/, '');
  return withoutXlink.includes('xlink:') ? out : withoutXlink;
}

/** Compiles one Vega-Lite spec and renders it headless to SVG. */
export async function specToSvg(spec: TopLevelSpec, idPrefix: string, warnings: string[] = []): Promise<string> {
  const logger = collectingLogger(warnings);
  const compiled = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    return normaliseSvg(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

async function renderOne(chart: ChartSpec): Promise<ChartSvg> {
  const warnings: string[] = [];
  const svg = chart.spec === null ? null : await specToSvg(chart.spec, `chart-${chart.id}`, warnings);
  return {
    id: chart.id, title: chart.title, description: chart.description, svg,
    ...(chart.note !== undefined ? { note: chart.note } : {}),
    warnings,
  };
}

/** All charts of a run's report, rendered in order (sequentially: vega views are not meant to share a tick). */
export async function renderCharts(run: RunData, baseline?: RunData | null): Promise<ChartSvg[]> {
  const out: ChartSvg[] = [];
  for (const chart of chartSpecs(run, baseline)) out.push(await renderOne(chart));
  return out;
}
