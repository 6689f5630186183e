// A sweep folder on disk: the plan (sweep.json), one run folder per finished point, failures, results.csv.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { GridAxis, GridPoint } from '../sim/sweepGrid.js';
import { csvRow } from './csvText.js';
import { InputError } from './inputError.js';
import { writeTextAtomic } from './runFolder.js';

/** What sweep.json holds: the same for every shard of a sweep, so shards can be merged and checked. */
export interface SweepPlan {
  readonly name: string;
  readonly scenarioSeed: number;
  readonly axes: readonly GridAxis[];
  readonly points: readonly GridPoint[];
  readonly rankBy: string;
  readonly walkForwardFolds: number;
}

export const SWEEP_PLAN_FILE = 'sweep.json';

export function pointDir(sweepDir: string, pointId: string): string {
  return path.join(sweepDir, 'points', pointId);
}

function failureFile(sweepDir: string, pointId: string): string {
  return path.join(sweepDir, 'failures', `${pointId}.txt`);
}

/** Writes sweep.json, or checks that an existing one (an interrupted or sharded run) plans the same sweep. */
export function writeOrCheckPlan(sweepDir: string, plan: SweepPlan, tempTag: string): void {
  mkdirSync(sweepDir, { recursive: true });
  const file = path.join(sweepDir, SWEEP_PLAN_FILE);
  const text = JSON.stringify(plan, null, 2) + '\n';
  if (existsSync(file)) {
    if (readFileSync(file, 'utf8') !== text) {
      throw new InputError([
        { file, message: 'this folder holds a different sweep (grid, seed or scenario changed): choose another --out or remove it' },
      ]);
    }
    return;
  }
  writeTextAtomic(file, text, tempTag);
}

export function readPlan(sweepDir: string): SweepPlan {
  const file = path.join(sweepDir, SWEEP_PLAN_FILE);
  if (!existsSync(file)) throw new InputError([{ file, message: 'not a sweep folder: sweep.json is missing' }]);
  return JSON.parse(readFileSync(file, 'utf8')) as SweepPlan;
}

/** A point is finished when its run folder exists: run folders appear only when complete. */
export function pointFinished(sweepDir: string, pointId: string): boolean {
  return existsSync(path.join(pointDir(sweepDir, pointId), 'summary.json'));
}

export function recordFailure(sweepDir: string, pointId: string, error: string, tempTag: string): void {
  mkdirSync(path.join(sweepDir, 'failures'), { recursive: true });
  writeTextAtomic(failureFile(sweepDir, pointId), error.endsWith('\n') ? error : `${error}\n`, tempTag);
}

export function clearFailure(sweepDir: string, pointId: string): void {
  rmSync(failureFile(sweepDir, pointId), { force: true });
}

export function readFailure(sweepDir: string, pointId: string): string | null {
  const file = failureFile(sweepDir, pointId);
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd() : null;
}

export function readSummary(runDir: string): Record<string, number | string> {
  return JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as Record<string, number | string>;
}

/** One row of results.csv: the point, its parameters, and its metrics (empty when it failed). */
export interface ResultRow {
  readonly point: GridPoint;
  readonly status: 'ok' | 'failed';
  readonly error: string;
  readonly metrics: Readonly<Record<string, number | string>> | null;
}

/**
 * results.csv's columns before the metrics: the point id, the axes in order, the seed the point ran with, status
 * and error. A grid that sweeps `seed` already has that column as an axis, so it is not written twice.
 */
export function resultsLeadColumns(axes: readonly { readonly key: string }[]): string[] {
  const axisKeys = axes.map((a) => a.key);
  return ['point_id', ...axisKeys, ...(axisKeys.includes('seed') ? [] : ['seed']), 'status', 'error'];
}

/** results.csv: rows in grid order, parameters first, then the metrics of simulator.md §6 in summary order. */
export function resultsCsvText(plan: SweepPlan, rows: readonly ResultRow[]): string {
  const metricKeys = rows.find((r) => r.metrics !== null)?.metrics;
  const keys = metricKeys === undefined || metricKeys === null ? [] : Object.keys(metricKeys);
  const seedIsAnAxis = plan.axes.some((a) => a.key === 'seed');
  let text = csvRow([...resultsLeadColumns(plan.axes), ...keys]);
  for (const row of [...rows].sort((a, b) => a.point.index - b.point.index)) {
    const params = row.point.values.map((v) => (v.value === null ? 'null' : String(v.value)));
    const metrics = keys.map((k) => (row.metrics === null ? '' : String(row.metrics[k] ?? '')));
    const seed = seedIsAnAxis ? [] : [row.point.seed];
    text += csvRow([row.point.id, ...params, ...seed, row.status, row.error.split('\n')[0] ?? '', ...metrics]);
  }
  return text;
}

/** Copies the finished points and failures of shard folders into `target`, after checking they plan one sweep. */
export function mergeShardFolders(target: string, shards: readonly string[], tempTag: string): SweepPlan {
  if (shards.length === 0) throw new InputError([{ file: 'sweep merge', message: 'name at least one shard folder' }]);
  const plan = readPlan(shards[0]!);
  const issues = [];
  for (const shard of shards.slice(1)) {
    if (JSON.stringify(readPlan(shard)) !== JSON.stringify(plan)) {
      issues.push({ file: path.join(shard, SWEEP_PLAN_FILE), message: `plans a different sweep than ${shards[0]}` });
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  writeOrCheckPlan(target, plan, tempTag);
  for (const shard of shards) {
    for (const sub of ['points', 'failures', 'walk-forward']) {
      const from = path.join(shard, sub);
      if (!existsSync(from)) continue;
      for (const name of readdirSync(from).filter((n) => !n.startsWith('.')).sort()) {
        const dest = path.join(target, sub, name);
        if (!existsSync(dest)) cpSync(path.join(from, name), dest, { recursive: true });
      }
    }
  }
  return plan;
}
