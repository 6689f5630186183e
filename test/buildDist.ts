// Vitest global setup: compiles src/ to dist/ once, for tests that need real files (sweep worker threads).
// Type errors are the lint step's to report (npm test type-checks first); this only needs the emitted files.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (!existsSync(path.join(root, 'dist/cli/bin.js'))) throw new Error(`tsc emitted nothing:\n${tsc.stdout}${tsc.stderr}`);
}
