// Writes a sweep folder's report.md and report.html from what the sweep wrote.

import path from 'node:path';
import { writeTextAtomic } from '../io/runFolder.js';
import { readSweep } from '../io/sweepReader.js';
import { renderSweepReport } from '../report/sweepReport.js';

export async function writeSweepReport(sweepDir: string, tempTag: string): Promise<void> {
  const report = await renderSweepReport(await readSweep(sweepDir));
  writeTextAtomic(path.join(sweepDir, 'report.md'), report.markdown, tempTag);
  writeTextAtomic(path.join(sweepDir, 'report.html'), report.html, tempTag);
}
