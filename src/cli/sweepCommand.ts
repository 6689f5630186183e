// `auction sweep <scenario>` and `auction sweep merge`: grids of full replays, parallel, resumable, shardable.

import { cpus } from 'node:os';
import path from 'node:path';
import { InputError } from '../io/inputError.js';
import { loadScenario, type Override, type Scenario } from '../io/scenario.js';
import { validatePrices } from '../io/csv.js';
import {
  clearFailure,
  mergeShardFolders,
  pointDir,
  pointFinished,
  readFailure,
  readSummary,
  recordFailure,
  resultsCsvText,
  writeOrCheckPlan,
  type ResultRow,
  type SweepPlan,
} from '../io/sweepFolder.js';
import { writeTextAtomic } from '../io/runFolder.js';
import { expandGrid, pointsOfShard } from '../sim/sweepGrid.js';
import { mergeAxes, parseGridFlags, parseShard } from './gridFlags.js';
import { parseSetFlags } from './overrides.js';
import { runTasks, type LabelledTask } from './sweepRunner.js';
import { pointOverrides, type SweepTaskResult } from './sweepTask.js';
import { runWalkForward } from './walkForward.js';
import { EXIT_BAD_INPUT, EXIT_BUG, EXIT_OK } from './errors.js';

export interface SweepArgs {
  readonly scenario: string;
  readonly grid: readonly string[];
  readonly set: readonly string[];
  readonly seed?: number;
  readonly out?: string;
  readonly workers?: number;
  readonly shard?: string;
  readonly walkForward?: number;
  readonly rankBy?: string;
  readonly decisions: boolean;
}

export const DEFAULT_RANK_BY = 'net_pnl';

/** Overrides every point shares: the command line's, then what a sweep point never needs (baseline, decisions). */
function commonOverrides(args: SweepArgs): Override[] {
  const overrides = parseSetFlags(args.set);
  if (args.seed !== undefined) overrides.push({ key: 'seed', value: String(args.seed) });
  overrides.push({ key: 'sim.compare_baseline', value: 'false' });
  if (!args.decisions) overrides.push({ key: 'sim.write_decisions', value: 'false' });
  return overrides;
}

function planOf(scenario: Scenario, args: SweepArgs): SweepPlan {
  const axes = mergeAxes(scenario.sweep?.grid ?? [], parseGridFlags(args.grid));
  if (axes.length === 0) {
    throw new InputError([{ file: '--grid', message: 'expected a grid: a sweep: section in the scenario or --grid key=v1,v2' }]);
  }
  return {
    name: scenario.name,
    scenarioSeed: scenario.seed,
    axes,
    points: expandGrid(axes, scenario.seed),
    rankBy: args.rankBy ?? scenario.sweep?.rankBy ?? DEFAULT_RANK_BY,
    walkForwardFolds: args.walkForward ?? scenario.sweep?.walkForwardFolds ?? 0,
  };
}

/** results.csv rows of every point this folder has finished or seen fail, in grid order. */
export function resultRowsOf(sweepDir: string, plan: SweepPlan): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const point of plan.points) {
    if (pointFinished(sweepDir, point.id)) {
      rows.push({ point, status: 'ok', error: '', metrics: readSummary(pointDir(sweepDir, point.id)) });
      continue;
    }
    const error = readFailure(sweepDir, point.id);
    if (error !== null) rows.push({ point, status: 'failed', error, metrics: null });
  }
  return rows;
}

function exitCodeOf(results: readonly SweepTaskResult[]): number {
  const failed = results.filter((r): r is Extract<SweepTaskResult, { ok: false }> => !r.ok);
  if (failed.length === 0) return EXIT_OK;
  return failed.some((r) => !r.badInput) ? EXIT_BUG : EXIT_BAD_INPUT;
}

export async function sweepCommand(args: SweepArgs): Promise<number> {
  const common = commonOverrides(args);
  const scenario = loadScenario(args.scenario, common);
  const plan = planOf(scenario, args);
  const shard = args.shard === undefined ? null : parseShard(args.shard);
  if (shard !== null && plan.walkForwardFolds > 0) {
    throw new InputError([{ file: '--walk-forward', message: 'walk-forward ranks the whole grid: run it unsharded' }]);
  }
  if (plan.walkForwardFolds === 1) throw new InputError([{ file: '--walk-forward', message: 'expected at least 2 folds' }]);
  const workers = args.workers ?? cpus().length;
  if (!(Number.isInteger(workers) && workers >= 1)) {
    throw new InputError([{ file: '--workers', message: `expected an integer ≥ 1, was ${workers}` }]);
  }
  const sweepDir = args.out ?? path.join('reports', `${scenario.name}-sweep`);
  const tempTag = String(process.pid);
  writeOrCheckPlan(sweepDir, plan, tempTag);

  const mine = shard === null ? plan.points : pointsOfShard(plan.points, shard);
  const pending = mine.filter((p) => !pointFinished(sweepDir, p.id));
  process.stderr.write(
    `sweep ${plan.name}: ${plan.points.length} points` +
      (shard === null ? '' : `, shard ${shard.index}/${shard.count}: ${mine.length}`) +
      `, ${mine.length - pending.length} already done, ${pending.length} to run on ${workers} worker${workers === 1 ? '' : 's'}\n`,
  );
  const tasks: LabelledTask[] = pending.map((point) => ({
    label: point.id,
    task: { scenarioPath: args.scenario, overrides: pointOverrides(common, point), outDir: pointDir(sweepDir, point.id), tempTag },
  }));
  const running = runTasks(tasks, workers, 'sweep');
  // Loaded while the points run: vega takes about 0.3 s to load, which at start-up would delay the workers.
  const reportFiles = import('./sweepReportFiles.js');
  const results = await running;
  results.forEach((result, i) => {
    const id = pending[i]!.id;
    if (result.ok) clearFailure(sweepDir, id);
    else recordFailure(sweepDir, id, result.error, tempTag);
  });

  let exitCode = exitCodeOf(results);
  if (plan.walkForwardFolds >= 2) {
    const summary = await validatePrices([scenario.data.prices]);
    const wf = await runWalkForward({ sweepDir, plan, scenarioPath: args.scenario, common, workers, tempTag, summary });
    if (exitCode === EXIT_OK) exitCode = exitCodeOf(wf);
  }
  writeTextAtomic(path.join(sweepDir, 'results.csv'), resultsCsvText(plan, resultRowsOf(sweepDir, plan)), tempTag);
  await (await reportFiles).writeSweepReport(sweepDir, tempTag);
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(`wrote ${sweepDir}/results.csv (${mine.length - failed} points ok, ${failed} failed)\n`);
  return exitCode;
}

export async function sweepMergeCommand(args: { out: string; shards: readonly string[] }): Promise<number> {
  const tempTag = String(process.pid);
  const plan = mergeShardFolders(args.out, args.shards, tempTag);
  const rows = resultRowsOf(args.out, plan);
  writeTextAtomic(path.join(args.out, 'results.csv'), resultsCsvText(plan, rows), tempTag);
  await (await import('./sweepReportFiles.js')).writeSweepReport(args.out, tempTag);
  const missing = plan.points.length - rows.length;
  process.stdout.write(
    `merged ${args.shards.length} shard folders into ${args.out}: ${rows.length}/${plan.points.length} points` +
      (missing > 0 ? ` (${missing} not run yet)` : '') + '\n',
  );
  return rows.some((r) => r.status === 'failed') ? EXIT_BUG : EXIT_OK;
}
