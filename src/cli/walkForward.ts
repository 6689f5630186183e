// Walk-forward: on each fold and at each condition, the choice ranked best on the folds before it is replayed out of sample.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PriceSummary } from '../io/csv.js';
import { csvRow } from '../io/csvText.js';
import type { Override } from '../io/scenario.js';
import { readSummary, type SweepPlan } from '../io/sweepFolder.js';
import { isoTs } from '../io/runWriter.js';
import { writeTextAtomic } from '../io/runFolder.js';
import { conditions, type Condition } from '../sim/conditionAxes.js';
import { timeFolds, type GridPoint, type TimeFold } from '../sim/sweepGrid.js';
import { lowerIsBetter } from '../report/sweepModel.js';
import { runTasks, type LabelledTask } from './sweepRunner.js';
import { pointOverrides, type SweepTaskResult } from './sweepTask.js';

/** Headline metrics shown for both samples of each fold. */
const FOLD_METRICS = ['net_pnl', 'turnover_one_way_annual', 'cost_drag_total', 'swaps_per_day'];

export interface WalkForwardOptions {
  readonly sweepDir: string;
  readonly plan: SweepPlan;
  readonly scenarioPath: string;
  readonly common: readonly Override[];
  readonly workers: number;
  readonly tempTag: string;
  readonly summary: PriceSummary;
}

function foldDir(sweepDir: string, fold: number, sample: 'in-sample' | 'out-of-sample', pointId: string): string {
  return path.join(sweepDir, 'walk-forward', `fold-${fold}`, sample, pointId);
}

function finished(dir: string): boolean {
  return existsSync(path.join(dir, 'summary.json'));
}

function metricOf(dir: string, key: string): number | string {
  return finished(dir) ? (readSummary(dir)[key] ?? '') : '';
}

/** The best point by `rankBy` among those whose in-sample run finished; ties go to the earlier point. */
export function bestPoint(points: readonly GridPoint[], valueOf: (p: GridPoint) => number | string, rankBy: string): GridPoint | null {
  const sign = lowerIsBetter(rankBy) ? -1 : 1;
  let best: GridPoint | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    const v = valueOf(p);
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (sign * v > bestScore) {
      best = p;
      bestScore = sign * v;
    }
  }
  return best;
}

/**
 * The best point of each condition, conditions in the order given. Costs and the seed are conditions, not
 * parameters the user picks, so the choice axes are ranked only against points at the same condition: ranking
 * the whole grid would always "choose" the lowest fee, or the seed whose slippage jitter happened to be luckiest.
 */
export function bestAtEachCondition(
  grouped: readonly Condition[], valueOf: (p: GridPoint) => number | string, rankBy: string,
): { condition: Condition; best: GridPoint | null }[] {
  return grouped.map((condition) => ({ condition, best: bestPoint(condition.points, valueOf, rankBy) }));
}

export async function runWalkForward(o: WalkForwardOptions): Promise<SweepTaskResult[]> {
  const folds = timeFolds(o.summary.firstTsMs, o.summary.lastTsMs, o.plan.walkForwardFolds);
  const inSampleWindow = (f: TimeFold) => ({ startMs: folds[0]!.startMs, endMs: f.startMs });
  const later = folds.slice(1);
  const grouped = conditions(o.plan.points);

  const inSample: LabelledTask[] = [];
  for (const fold of later) {
    for (const point of o.plan.points) {
      const outDir = foldDir(o.sweepDir, fold.index, 'in-sample', point.id);
      if (finished(outDir)) continue;
      inSample.push({
        label: `fold ${fold.index} in-sample ${point.id}`,
        task: { scenarioPath: o.scenarioPath, overrides: pointOverrides(o.common, point), outDir, window: inSampleWindow(fold), tempTag: o.tempTag },
      });
    }
  }
  const results = await runTasks(inSample, o.workers, 'walk-forward in-sample');

  // Fold by fold, then condition by condition in grid order: the order of the rows of walk_forward.csv.
  const chosen = later.flatMap((fold) =>
    bestAtEachCondition(grouped, (p) => metricOf(foldDir(o.sweepDir, fold.index, 'in-sample', p.id), o.plan.rankBy), o.plan.rankBy)
      .map(({ condition, best }) => ({ fold, condition, best })));
  const outOfSample: LabelledTask[] = [];
  for (const { fold, best } of chosen) {
    // Conditions partition the grid, so a fold never asks for the same point twice; a finished run is kept.
    if (best === null) continue;
    const outDir = foldDir(o.sweepDir, fold.index, 'out-of-sample', best.id);
    if (finished(outDir)) continue;
    outOfSample.push({
      label: `fold ${fold.index} out-of-sample ${best.id}`,
      task: { scenarioPath: o.scenarioPath, overrides: pointOverrides(o.common, best), outDir, window: { startMs: fold.startMs, endMs: fold.endMs }, tempTag: o.tempTag },
    });
  }
  results.push(...(await runTasks(outOfSample, o.workers, 'walk-forward out-of-sample')));

  let text = csvRow([
    'fold', 'condition', 'in_sample_start', 'in_sample_end', 'out_of_sample_start', 'out_of_sample_end', 'best_point_id', 'best_point_key', 'rank_by',
    'in_sample_value', 'out_of_sample_value',
    ...FOLD_METRICS.flatMap((m) => [`in_sample_${m}`, `out_of_sample_${m}`]),
  ]);
  for (const { fold, condition, best } of chosen) {
    const isDir = best === null ? '' : foldDir(o.sweepDir, fold.index, 'in-sample', best.id);
    const oosDir = best === null ? '' : foldDir(o.sweepDir, fold.index, 'out-of-sample', best.id);
    const metric = (dir: string, key: string) => (dir === '' ? '' : metricOf(dir, key));
    text += csvRow([
      fold.index, condition.label, isoTs(folds[0]!.startMs), isoTs(fold.startMs), isoTs(fold.startMs), isoTs(fold.endMs),
      best?.id ?? '', best?.key ?? '', o.plan.rankBy, metric(isDir, o.plan.rankBy), metric(oosDir, o.plan.rankBy),
      ...FOLD_METRICS.flatMap((m) => [metric(isDir, m), metric(oosDir, m)]),
    ]);
  }
  writeTextAtomic(path.join(o.sweepDir, 'walk_forward.csv'), text, o.tempTag);
  return results;
}
