// summary.json: a run's metrics as the one small file a sweep point keeps (no charts, so no vega to load).

import type { RunData } from '../io/runReader.js';
import { computeMetrics, summaryJson } from './metrics.js';

/** The text of summary.json: the metrics by key in a stable order, two-space indented, newline-terminated. */
export function summaryJsonText(run: RunData): string {
  return `${JSON.stringify(summaryJson(computeMetrics(run)), null, 2)}\n`;
}
