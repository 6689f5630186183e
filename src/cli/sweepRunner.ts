// Running sweep tasks on a worker-thread pool, with a progress bar on a terminal and plain lines otherwise.

import { Piscina } from 'piscina';
import cliProgress from 'cli-progress';
import type { SweepTask, SweepTaskResult } from './sweepTask.js';

export interface LabelledTask {
  readonly label: string;
  readonly task: SweepTask;
}

/** Runs every task on `workers` threads; results come back in task order whatever order they finish in. */
export async function runTasks(tasks: readonly LabelledTask[], workers: number, title: string): Promise<SweepTaskResult[]> {
  if (tasks.length === 0) return [];
  const pool = new Piscina<SweepTask, SweepTaskResult>({
    filename: new URL('./sweepWorker.js', import.meta.url).href,
    minThreads: Math.min(workers, tasks.length),
    maxThreads: workers,
    // Each worker runs one replay at a time: replays are CPU-bound, so more would only contend.
    concurrentTasksPerWorker: 1,
  });
  const progress = progressReporter(tasks.length, title);
  try {
    return await Promise.all(
      tasks.map(async ({ label, task }) => {
        const result = await pool.run(task);
        progress.done(label, result.ok);
        return result;
      }),
    );
  } finally {
    progress.stop();
    await pool.destroy();
  }
}

interface Progress {
  done(label: string, ok: boolean): void;
  stop(): void;
}

/** A cli-progress bar with ETA when stderr is a terminal; one line per finished task otherwise. */
function progressReporter(total: number, title: string): Progress {
  let finished = 0;
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: `${title} |{bar}| {value}/{total} | ETA {eta_formatted} | {last}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { last: '' });
    return {
      done(label, ok) {
        finished += 1;
        bar.update(finished, { last: `${label}${ok ? '' : ' FAILED'}` });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const startedMs = performance.now();
  return {
    done(label, ok) {
      finished += 1;
      const elapsedS = (performance.now() - startedMs) / 1000;
      const etaS = (elapsedS / finished) * (total - finished);
      process.stderr.write(`${title}: ${finished}/${total} ${label}${ok ? '' : ' FAILED'} (elapsed ${elapsedS.toFixed(1)} s, eta ${etaS.toFixed(1)} s)\n`);
    },
    stop() {},
  };
}
