// Reads a sweep folder the sweep wrote (sweep.json, results.csv, walk_forward.csv) into typed, cross-checked rows.

import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conditionOf, conditions } from '../sim/conditionAxes.js';
import type { GridAxis, GridPoint, GridValue } from '../sim/sweepGrid.js';
import { InputError } from './inputError.js';
import { parseCsvRecords } from './csvRecords.js';
import { CsvTable, IssueCollector, parseDecimal, type CsvRow } from './runRows.js';
import { resultsLeadColumns, SWEEP_PLAN_FILE, type SweepPlan } from './sweepFolder.js';

/** The grid types, re-exported so report code reads them from io rather than from sim. */
export type { GridAxis, GridPoint, GridValue } from '../sim/sweepGrid.js';
/** The condition-axis rule, re-exported for the same reason. */
export { isConditionAxis } from '../sim/conditionAxes.js';

export const RESULTS_FILE = 'results.csv';
export const WALK_FORWARD_FILE = 'walk_forward.csv';

/** A metric as results.csv or walk_forward.csv holds it: a number, or a word of summary.json ("n/a", "yes", "no"). */
export type MetricCell = number | string;

/** The words a metric cell may hold besides a number (summary.json's n/a convention and yes/no flags). */
export const METRIC_WORDS: readonly string[] = ['n/a', 'yes', 'no'];

/** The first column of results.csv; resultsLeadColumns (the writer's) gives all before the metrics. */
const RESULTS_LEAD = 'point_id';

/** One row of results.csv, tied to its point of the plan. */
export interface SweepResult {
  readonly point: GridPoint;
  readonly status: 'ok' | 'failed';
  /** First line of the error of a failed point; empty when ok. */
  readonly error: string;
  /** Metric key → value; a metric whose cell was empty (a failed point, or a key this point's summary lacked) is absent. */
  readonly metrics: Readonly<Record<string, MetricCell>>;
  /** 1-based line of the row in results.csv. */
  readonly line: number;
}

/** One sample (in or out) of a walk-forward fold. */
export interface FoldSample {
  readonly startTs: string;
  readonly startMs: number;
  /** Exclusive (the last fold's out-of-sample end is the last bar + 1 ms). */
  readonly endTs: string;
  readonly endMs: number;
  /** The rank_by metric; null when the cell was empty (no chosen point, or its run did not finish). */
  readonly rankValue: MetricCell | null;
  /** The fold's headline metrics by key (net_pnl, turnover_one_way_annual, ...), null when empty. */
  readonly metrics: Readonly<Record<string, MetricCell | null>>;
}

/** One row of walk_forward.csv: one fold at one condition. */
export interface WalkForwardFold {
  readonly fold: number;
  /**
   * The condition the point was chosen at and replayed at (`sim.fee_bps=2 seed=7`, values as JSON): costs and the
   * seed are not choices, so the choice axes are ranked within each condition. '' when no axis of the grid is a condition.
   */
  readonly condition: string;
  /** The point ranked best in sample, or null when no in-sample run finished. */
  readonly bestPointId: string | null;
  readonly bestPointKey: string;
  readonly rankBy: string;
  readonly inSample: FoldSample;
  readonly outOfSample: FoldSample;
  readonly line: number;
}

export interface SweepData {
  readonly dir: string;
  readonly plan: SweepPlan;
  /** Metric columns of results.csv, in file order (summary.json order). */
  readonly metricKeys: readonly string[];
  /** Rows of results.csv in file (grid) order; points the folder has not run are absent. */
  readonly results: readonly SweepResult[];
  /** Metric keys walk_forward.csv carries for both samples, in file order. */
  readonly walkForwardMetricKeys: readonly string[];
  /** walk_forward.csv's folds, or null when the sweep ran without walk-forward. */
  readonly walkForward: readonly WalkForwardFold[] | null;
}

/** Columns walk_forward.csv must have; further in_sample_<m>/out_of_sample_<m> pairs are read as metrics too. */
const WALK_FORWARD_FIXED = [
  'fold', 'condition', 'in_sample_start', 'in_sample_end', 'out_of_sample_start', 'out_of_sample_end', 'best_point_id', 'best_point_key', 'rank_by',
  'in_sample_value', 'out_of_sample_value',
];
const WALK_FORWARD_METRICS = ['net_pnl', 'turnover_one_way_annual', 'cost_drag_total', 'swaps_per_day'];

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

async function readRequired(file: string, why: string): Promise<string> {
  try {
    return (await readFile(file)).toString('utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new InputError([{ file, message: code === 'ENOENT' ? `missing: ${why}` : `cannot be read: ${(error as Error).message}` }]);
  }
}

/** The 1-based line and column of a character offset. */
function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

/** JSON.parse with the error placed at its line and column when V8 says where ("at position N" or "line L column C"). */
function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const position = /at position (\d+)/.exec(message);
    const where = lineCol !== null
      ? { line: Number(lineCol[1]), column: Number(lineCol[2]) }
      : position !== null ? lineColumnAt(text, Number(position[1])) : {};
    throw new InputError([{ file, ...where, message: `malformed JSON: ${message}` }]);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isGridValue = (value: unknown): value is GridValue =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** The value as results.csv writes a parameter cell. */
export function gridValueText(value: GridValue): string {
  return value === null ? 'null' : String(value);
}

/** Checks sweep.json field by field (every problem reported, each named by its path) and against itself. */
function toPlan(file: string, raw: unknown, issues: IssueCollector): SweepPlan | null {
  const fail = (field: string, message: string): null => {
    issues.add({ file, field, message });
    return null;
  };
  if (!isRecord(raw)) return fail('(top level)', 'expected an object with name, scenarioSeed, axes, points, rankBy, walkForwardFolds');
  const { name, scenarioSeed, axes, points, rankBy, walkForwardFolds } = raw;
  if (typeof name !== 'string') fail('name', `expected a string, was ${JSON.stringify(name)}`);
  if (!Number.isInteger(scenarioSeed)) fail('scenarioSeed', `expected an integer, was ${JSON.stringify(scenarioSeed)}`);
  if (typeof rankBy !== 'string' || rankBy === '') fail('rankBy', `expected a metric key, was ${JSON.stringify(rankBy)}`);
  if (!(Number.isInteger(walkForwardFolds) && (walkForwardFolds as number) >= 0)) {
    fail('walkForwardFolds', `expected an integer ≥ 0, was ${JSON.stringify(walkForwardFolds)}`);
  }
  const goodAxes: GridAxis[] = [];
  if (!Array.isArray(axes)) fail('axes', 'expected a list of {key, values}');
  else {
    axes.forEach((axis: unknown, i) => {
      const field = `axes[${i}]`;
      if (!isRecord(axis) || typeof axis.key !== 'string' || axis.key === '') return void fail(`${field}.key`, 'expected a non-empty setting key');
      if (!Array.isArray(axis.values) || axis.values.length === 0) return void fail(`${field}.values`, 'expected a non-empty list of values');
      const bad = axis.values.findIndex((v) => !isGridValue(v));
      if (bad >= 0) return void fail(`${field}.values[${bad}]`, `expected a number, string, boolean or null, was ${JSON.stringify(axis.values[bad])}`);
      if (goodAxes.some((a) => a.key === axis.key)) return void fail(`${field}.key`, `axis ${axis.key} appears twice`);
      goodAxes.push({ key: axis.key, values: axis.values as GridValue[] });
    });
  }
  const goodPoints: GridPoint[] = [];
  if (!Array.isArray(points)) fail('points', 'expected a list of grid points');
  else {
    const ids = new Set<string>();
    points.forEach((point: unknown, i) => {
      const field = `points[${i}]`;
      if (!isRecord(point)) return void fail(field, 'expected an object with index, id, key, values, seed');
      const { index, id, key, values, seed } = point;
      if (index !== i) return void fail(`${field}.index`, `expected ${i} (points in grid order), was ${JSON.stringify(index)}`);
      if (typeof id !== 'string' || id === '') return void fail(`${field}.id`, 'expected a non-empty point id');
      if (ids.has(id)) return void fail(`${field}.id`, `point id ${id} appears twice`);
      ids.add(id);
      if (typeof key !== 'string') return void fail(`${field}.key`, 'expected the point key as a string');
      if (!Number.isInteger(seed)) return void fail(`${field}.seed`, `expected an integer, was ${JSON.stringify(seed)}`);
      if (!Array.isArray(values) || values.length !== goodAxes.length) {
        return void fail(`${field}.values`, `expected one {key, value} per axis (${goodAxes.length})`);
      }
      for (const [j, v] of values.entries()) {
        const axis = goodAxes[j] as GridAxis;
        if (!isRecord(v) || v.key !== axis.key || !isGridValue(v.value)) {
          return void fail(`${field}.values[${j}]`, `expected {key: ${JSON.stringify(axis.key)}, value: one of the axis values}`);
        }
        if (!axis.values.some((a) => a === v.value)) {
          return void fail(`${field}.values[${j}]`, `value ${JSON.stringify(v.value)} is not among the values of axis ${axis.key}`);
        }
      }
      goodPoints.push({ index, id, key, seed: seed as number, values: values as GridPoint['values'] });
    });
  }
  if (issues.issues.length > 0) return null;
  return {
    name: name as string, scenarioSeed: scenarioSeed as number, axes: goodAxes, points: goodPoints,
    rankBy: rankBy as string, walkForwardFolds: walkForwardFolds as number,
  };
}

/** The header row of a CSV text (null when the text does not parse: CsvTable reports that). */
function headerOf(text: string): string[] | null {
  try {
    return parseCsvRecords(text)[0]?.cells ?? null;
  } catch {
    return null;
  }
}

/** A metric cell: empty → undefined, a decimal, or one of METRIC_WORDS; anything else is reported. */
function metricCell(row: CsvRow, table: CsvTable, column: string): MetricCell | undefined {
  const text = row.text(column);
  if (text === '') return undefined;
  const value = parseDecimal(text);
  if (value !== undefined) return value;
  if (METRIC_WORDS.includes(text)) return text;
  table.issues.add({
    file: table.file, line: row.line, column: table.columnIndex(column) + 1, field: column,
    message: `expected a number, ${METRIC_WORDS.join(', ')} or an empty cell, was ${JSON.stringify(text)}`,
  });
  return undefined;
}

function readResults(file: string, text: string, plan: SweepPlan, issues: IssueCollector): { metricKeys: string[]; results: SweepResult[] } {
  const expected = resultsLeadColumns(plan.axes);
  const before = issues.issues.length;
  const table = new CsvTable(file, issues, text, expected);
  const header = headerOf(text);
  // A CSV that does not parse, or lacks a column, is reported once by CsvTable.
  if (header === null || issues.issues.length > before) return { metricKeys: [], results: [] };
  const lead = header.slice(0, expected.length);
  if (lead.join(',') !== expected.join(',')) {
    issues.add({ file, line: 1, message: `expected the header to start ${expected.join(',')} (the axes of sweep.json in order), was ${lead.join(',')}` });
    return { metricKeys: [], results: [] };
  }
  const metricKeys = header.slice(expected.length);
  metricKeys.forEach((key, i) => {
    if (key === '' || metricKeys.indexOf(key) !== i) {
      issues.add({ file, line: 1, column: expected.length + i + 1, message: `expected distinct, non-empty metric keys, found ${JSON.stringify(key)}` });
    }
  });
  const byId = new Map(plan.points.map((p) => [p.id, p]));
  const seen = new Map<string, number>();
  const results: SweepResult[] = [];
  for (const row of table.rows) {
    const id = row.nonEmpty(RESULTS_LEAD);
    const point = byId.get(id);
    const status = row.oneOf('status', ['ok', 'failed'] as const);
    const issue = (field: string, message: string): void =>
      issues.add({ file, line: row.line, column: table.columnIndex(field) + 1, field, message });
    if (id !== '' && point === undefined) {
      issue(RESULTS_LEAD, `point ${JSON.stringify(id)} is not in sweep.json`);
      continue;
    }
    if (point === undefined) continue;
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      issue(RESULTS_LEAD, `point ${id} appears twice (first on line ${earlier})`);
      continue;
    }
    seen.set(id, row.line);
    point.values.forEach((v) => {
      const cell = row.text(v.key);
      if (cell !== gridValueText(v.value)) issue(v.key, `expected ${JSON.stringify(gridValueText(v.value))} as in sweep.json for ${id}, was ${JSON.stringify(cell)}`);
    });
    const seed = row.text('seed');
    if (seed !== String(point.seed)) issue('seed', `expected ${point.seed} as in sweep.json for ${id}, was ${JSON.stringify(seed)}`);
    const metrics: Record<string, MetricCell> = {};
    for (const key of metricKeys) {
      if (status === 'failed') {
        if (row.text(key) !== '') issue(key, `a failed point has no metrics; expected an empty cell, was ${JSON.stringify(row.text(key))}`);
        continue;
      }
      const value = metricCell(row, table, key);
      if (value !== undefined) metrics[key] = value;
    }
    results.push({ point, status, error: row.text('error'), metrics, line: row.line });
  }
  return { metricKeys, results };
}

function readWalkForward(file: string, text: string, plan: SweepPlan, issues: IssueCollector): { metricKeys: string[]; folds: WalkForwardFold[] } {
  const required = [...WALK_FORWARD_FIXED, ...WALK_FORWARD_METRICS.flatMap((m) => [`in_sample_${m}`, `out_of_sample_${m}`])];
  const table = new CsvTable(file, issues, text, required);
  const header = headerOf(text) ?? [];
  const fixed = new Set(WALK_FORWARD_FIXED);
  const metricKeys = header
    .filter((c) => c.startsWith('in_sample_') && !fixed.has(c) && header.includes(`out_of_sample_${c.slice('in_sample_'.length)}`))
    .map((c) => c.slice('in_sample_'.length));
  const byId = new Map(plan.points.map((p) => [p.id, p]));
  const labels = conditions(plan.points).map((c) => c.label);
  const seen = new Map<string, number>();
  const folds: WalkForwardFold[] = [];
  for (const row of table.rows) {
    const issue = (field: string, message: string): void =>
      issues.add({ file, line: row.line, column: table.columnIndex(field) + 1, field, message });
    const fold = row.count('fold');
    const condition = row.text('condition');
    const bestId = row.text('best_point_id');
    const best = byId.get(bestId);
    if (bestId !== '' && best === undefined) issue('best_point_id', `point ${JSON.stringify(bestId)} is not in sweep.json`);
    if (!labels.includes(condition)) {
      const listed = labels.slice(0, 6).map((l) => JSON.stringify(l)).join(', ') + (labels.length > 6 ? ', ...' : '');
      issue('condition', `expected one of the conditions of sweep.json (${listed}), was ${JSON.stringify(condition)}`);
    } else if (best !== undefined && conditionOf(best) !== condition) {
      // A point chosen at one condition and replayed at another would compare different costs or slippage draws.
      issue('condition', `expected ${JSON.stringify(conditionOf(best))}, the condition of ${bestId} in sweep.json, was ${JSON.stringify(condition)}`);
    }
    const foldCondition = `${fold} ${condition}`;
    const earlier = seen.get(foldCondition);
    if (earlier !== undefined) issue('condition', `fold ${fold} at condition ${JSON.stringify(condition)} appears twice (first on line ${earlier})`);
    else seen.set(foldCondition, row.line);
    const sample = (prefix: 'in_sample' | 'out_of_sample'): FoldSample => {
      const start = row.timestamp(`${prefix}_start`);
      const end = row.timestamp(`${prefix}_end`);
      if (start.ms !== 0 && end.ms !== 0 && end.ms <= start.ms) {
        issues.add({ file, line: row.line, field: `${prefix}_end`, message: `expected the end after the start ${start.text}, was ${end.text}` });
      }
      const metrics: Record<string, MetricCell | null> = {};
      for (const key of metricKeys) metrics[key] = metricCell(row, table, `${prefix}_${key}`) ?? null;
      return {
        startTs: start.text, startMs: start.ms, endTs: end.text, endMs: end.ms,
        rankValue: metricCell(row, table, `${prefix}_value`) ?? null, metrics,
      };
    };
    folds.push({
      fold, condition, bestPointId: bestId === '' ? null : bestId, bestPointKey: row.text('best_point_key'), rankBy: row.nonEmpty('rank_by'),
      inSample: sample('in_sample'), outOfSample: sample('out_of_sample'), line: row.line,
    });
  }
  return { metricKeys, folds };
}

/**
 * Reads a sweep folder: sweep.json and results.csv are required, walk_forward.csv is read when present.
 * Throws InputError listing every problem found (file, line, column, field): malformed JSON or CSV, a
 * missing column, a cell that is not a number or n/a/yes/no, a row whose point, parameters or seed
 * disagree with sweep.json.
 */
export async function readSweep(dir: string): Promise<SweepData> {
  const planFile = join(dir, SWEEP_PLAN_FILE);
  const planText = await readRequired(planFile, 'not a sweep folder: a sweep folder must contain this file');
  const issues = new IssueCollector();
  const plan = toPlan(planFile, parseJson(planFile, planText), issues);
  issues.throwIfAny();
  if (plan === null) throw new InputError([{ file: planFile, message: 'not a sweep plan' }]);

  const resultsFile = join(dir, RESULTS_FILE);
  const resultsText = await readRequired(resultsFile, 'the sweep writes it when it ends: run the sweep (or sweep merge) again to finish it');
  const { metricKeys, results } = readResults(resultsFile, resultsText, plan, issues);

  const wfFile = join(dir, WALK_FORWARD_FILE);
  const wf = (await exists(wfFile)) ? readWalkForward(wfFile, await readRequired(wfFile, 'walk_forward.csv'), plan, issues) : null;
  issues.throwIfAny();
  return { dir, plan, metricKeys, results, walkForwardMetricKeys: wf?.metricKeys ?? [], walkForward: wf?.folds ?? null };
}
