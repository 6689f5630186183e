// The sweep's worker-thread entry: piscina calls the default export with one task at a time.

import { runSweepTask, type SweepTask, type SweepTaskResult } from './sweepTask.js';

export default function work(task: SweepTask): Promise<SweepTaskResult> {
  return runSweepTask(task);
}
