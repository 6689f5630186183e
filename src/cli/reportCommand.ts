// `auction report <run-dir>`: rebuilds summary.json, report.md and report.html from what a run wrote.

import path from 'node:path';
import { readRun } from '../io/runReader.js';
import { writeTextAtomic } from '../io/runFolder.js';
import { reportFiles } from '../report/render.js';

export async function reportCommand(args: { runDir: string }): Promise<number> {
  const run = await readRun(args.runDir);
  const files = await reportFiles(run);
  // Each file is written beside its final name and renamed, so a reader never sees half a report.
  for (const [name, text] of Object.entries(files)) writeTextAtomic(path.join(args.runDir, name), text, String(process.pid));
  process.stdout.write(`wrote ${Object.keys(files).map((n) => path.join(args.runDir, n)).join(', ')}\n`);
  return 0;
}
