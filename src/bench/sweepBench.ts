// Sweep benchmark: the same 16-point grid of the default scenario on 1 worker and on 2, fresh folders, in alternating rounds.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../cli/main.js';

export interface SweepTiming {
  readonly wallSeconds: number;
  /** CPU time of the whole process (every thread: workers, the compiler's and the garbage collector's). */
  readonly cpuSeconds: number;
}

export interface SweepBenchResult {
  readonly oneWorker: readonly SweepTiming[];
  readonly twoWorkers: readonly SweepTiming[];
  readonly oneWorkerSeconds: number;
  readonly twoWorkerSeconds: number;
  readonly speedup: number;
}

async function timedSweep(outDir: string, workers: number): Promise<SweepTiming> {
  rmSync(outDir, { recursive: true, force: true });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await runCli([
    'sweep', 'scenarios/default.yaml', '--out', outDir, '--workers', String(workers),
    '--grid', 'risk.auction_swap_threshold=0,5,10,20', '--grid', 'sim.fee_bps=0,1,2,5',
  ]);
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (code !== 0) throw new Error(`sweep exited ${code}`);
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * `rounds` rounds of (1 worker, then 2 workers), so drift in the machine's speed hits both alike; the
 * speed-up is the ratio of the median wall times.
 */
export async function benchSweep(dir: string, rounds: number): Promise<SweepBenchResult> {
  const oneWorker: SweepTiming[] = [];
  const twoWorkers: SweepTiming[] = [];
  for (let round = 0; round < rounds; round++) {
    oneWorker.push(await timedSweep(path.join(dir, 'w1'), 1));
    twoWorkers.push(await timedSweep(path.join(dir, 'w2'), 2));
  }
  const oneWorkerSeconds = median(oneWorker.map((t) => t.wallSeconds));
  const twoWorkerSeconds = median(twoWorkers.map((t) => t.wallSeconds));
  return { oneWorker, twoWorkers, oneWorkerSeconds, twoWorkerSeconds, speedup: oneWorkerSeconds / twoWorkerSeconds };
}
