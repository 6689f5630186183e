// Sweep benchmark: the same 16-point grid of the default scenario on 1 worker and on 2, fresh folders each time.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../cli/main.js';

export interface SweepBenchResult {
  readonly oneWorkerSeconds: number;
  readonly twoWorkerSeconds: number;
  readonly speedup: number;
}

async function timedSweep(outDir: string, workers: number): Promise<number> {
  rmSync(outDir, { recursive: true, force: true });
  const t0 = performance.now();
  const code = await runCli([
    'sweep', 'scenarios/default.yaml', '--out', outDir, '--workers', String(workers),
    '--grid', 'risk.auction_swap_threshold=0,5,10,20', '--grid', 'sim.fee_bps=0,1,2,5',
  ]);
  if (code !== 0) throw new Error(`sweep exited ${code}`);
  return (performance.now() - t0) / 1000;
}

export async function benchSweep(dir: string): Promise<SweepBenchResult> {
  const oneWorkerSeconds = await timedSweep(path.join(dir, 'w1'), 1);
  const twoWorkerSeconds = await timedSweep(path.join(dir, 'w2'), 2);
  return { oneWorkerSeconds, twoWorkerSeconds, speedup: oneWorkerSeconds / twoWorkerSeconds };
}
