// readSweep: the fixture sweep folder read into typed rows, and every kind of malformed file reported with file, line and field.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/inputError.js';
import { readSweep } from '../../src/io/sweepReader.js';
import { resultsCsvText, writeOrCheckPlan, type SweepPlan } from '../../src/io/sweepFolder.js';
import { expandGrid } from '../../src/sim/sweepGrid.js';

const FIXTURE = 'test/fixtures/sweeps/small';
const SCRIPT = '<script>alert("x&y")</script>';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture with some files rewritten (or removed, with null). */
function fixtureCopy(edits: Record<string, ((text: string) => string) | null> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sweep-reader-'));
  temps.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [name, edit] of Object.entries(edits)) {
    const file = path.join(dir, name);
    if (edit === null) rmSync(file);
    else writeFileSync(file, edit(readFileSync(file, 'utf8')));
  }
  return dir;
}

async function inputError(dir: string): Promise<InputError> {
  const error: unknown = await readSweep(dir).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** Replaces line `n` (1-based) of a text. */
const editLine = (n: number, edit: (line: string) => string) => (text: string): string =>
  text.split('\n').map((line, i) => (i === n - 1 ? edit(line) : line)).join('\n');

describe('readSweep on the fixture', () => {
  it('reads the plan, with the hostile axis value intact', async () => {
    const data = await readSweep(FIXTURE);
    expect(data.plan.name).toBe('small-sweep');
    expect(data.plan.axes.map((a) => a.key)).toEqual(['risk.auction_swap_threshold', 'sim.fee_bps', 'sim.slippage_model']);
    expect(data.plan.axes[2]?.values).toEqual([SCRIPT]);
    expect(data.plan.points).toHaveLength(6);
    expect(data.plan.rankBy).toBe('net_pnl');
    expect(data.plan.walkForwardFolds).toBe(3);
  });

  it('reads results.csv: metric columns in file order, numbers and words, the failed point without metrics', async () => {
    const data = await readSweep(FIXTURE);
    expect(data.metricKeys.slice(0, 3)).toEqual(['cycles', 'span_days', 'initial_equity']);
    expect(data.metricKeys).toContain('cost_drag_total');
    expect(data.results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'failed']);
    const best = data.results[2];
    expect(best?.point.id).toBe('p0002-1szu1y8086v');
    expect(best?.point.values.map((v) => v.value)).toEqual([10, 2, SCRIPT]);
    expect(best?.metrics.net_pnl).toBe(7450);
    expect(best?.metrics.turnover_one_way_annual).toBe(7.215841);
    expect(best?.metrics.blocked_gap_sum).toBe('n/a');
    expect(best?.metrics.bankrupt).toBe('no');
    expect(best?.line).toBe(4);
    const failed = data.results[5];
    expect(failed?.error).toBe('Error: margin check failed | used 101.2 % of equity at 2016-03-01T00:00:00.000Z');
    expect(failed?.metrics).toEqual({});
  });

  it('reads walk_forward.csv: two folds at two conditions, both samples side by side', async () => {
    const data = await readSweep(FIXTURE);
    expect(data.walkForwardMetricKeys).toEqual(['net_pnl', 'turnover_one_way_annual', 'cost_drag_total', 'swaps_per_day']);
    expect(data.walkForward).toHaveLength(4);
    // One row per fold × condition, fold by fold; each point chosen at the fee it sits at.
    expect(data.walkForward?.map((f) => [f.fold, f.condition, f.bestPointId])).toEqual([
      [1, `sim.fee_bps=2 sim.slippage_model=${JSON.stringify(SCRIPT)}`, 'p0002-1szu1y8086v'],
      [1, `sim.fee_bps=10 sim.slippage_model=${JSON.stringify(SCRIPT)}`, 'p0003-1ps4daaxjc7'],
      [2, `sim.fee_bps=2 sim.slippage_model=${JSON.stringify(SCRIPT)}`, 'p0002-1szu1y8086v'],
      [2, `sim.fee_bps=10 sim.slippage_model=${JSON.stringify(SCRIPT)}`, 'p0001-sxgry6rkh8'],
    ]);
    const [first, , second] = data.walkForward ?? [];
    expect(first?.fold).toBe(1);
    expect(first?.bestPointId).toBe('p0002-1szu1y8086v');
    expect(first?.bestPointKey).toContain(SCRIPT.replace(/"/g, '\\"'));
    expect(first?.inSample.startMs).toBe(Date.UTC(2016, 0, 4));
    expect(first?.outOfSample.endTs).toBe('2016-09-04T00:00:00.000Z');
    expect(first?.inSample.rankValue).toBe(2600);
    expect(first?.outOfSample.metrics).toEqual({ net_pnl: 2100, turnover_one_way_annual: 12.4, cost_drag_total: 0.15, swaps_per_day: 0.26 });
    expect(second?.outOfSample.endMs).toBe(Date.UTC(2017, 0, 4) + 1);
  });

  it('has no walk-forward when walk_forward.csv is absent', async () => {
    const data = await readSweep(fixtureCopy({ 'walk_forward.csv': null }));
    expect(data.walkForward).toBeNull();
    expect(data.walkForwardMetricKeys).toEqual([]);
  });

  it('reads a results.csv with a header only (nothing finished yet)', async () => {
    const data = await readSweep(fixtureCopy({ 'results.csv': (t) => `${t.split('\n')[0]}\n` }));
    expect(data.results).toEqual([]);
    expect(data.metricKeys).toContain('net_pnl');
  });
});

describe('readSweep on bad folders', () => {
  it('names a missing sweep.json or results.csv', async () => {
    const noPlan = fixtureCopy({ 'sweep.json': null });
    expect((await inputError(noPlan)).message).toBe(`${path.join(noPlan, 'sweep.json')}: missing: not a sweep folder: a sweep folder must contain this file`);
    const noResults = fixtureCopy({ 'results.csv': null });
    expect((await inputError(noResults)).message).toMatch(/results\.csv: missing: the sweep writes it when it ends/);
  });

  it('places malformed JSON at its line', async () => {
    const dir = fixtureCopy({ 'sweep.json': (t) => t.replace('"scenarioSeed": 42,', '"scenarioSeed": 42,,') });
    const issue = (await inputError(dir)).issues[0];
    expect(issue?.file).toBe(path.join(dir, 'sweep.json'));
    expect(issue?.line).toBe(3);
    expect(issue?.message).toMatch(/^malformed JSON/);
  });

  it('names every field of sweep.json that is wrong', async () => {
    const dir = fixtureCopy({
      'sweep.json': (t) => {
        const plan = JSON.parse(t) as { rankBy: unknown; points: { index: number; values: { value: unknown }[] }[] };
        plan.rankBy = 7;
        (plan.points[1] as { index: number }).index = 5;
        (plan.points[2]?.values[1] as { value: unknown }).value = 3;
        return JSON.stringify(plan);
      },
    });
    const issues = (await inputError(dir)).issues;
    expect(issues.map((i) => i.field)).toEqual(['rankBy', 'points[1].index', 'points[2].values[1]']);
    expect(issues[2]?.message).toBe('value 3 is not among the values of axis sim.fee_bps');
  });

  it('reports a bad metric cell at its file, line and column', async () => {
    const dir = fixtureCopy({ 'results.csv': editLine(3, (l) => l.replace(',5400,', ',5.4k,')) });
    const error = await inputError(dir);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: path.join(dir, 'results.csv'), line: 3, column: 14, field: 'net_pnl' });
    expect(error.message).toContain('net_pnl: expected a number, n/a, yes, no or an empty cell, was "5.4k"');
  });

  it('reports every bad row at once: unknown point, parameters or seed not as planned, metrics on a failed point, bad status', async () => {
    const dir = fixtureCopy({
      'results.csv': (t) => {
        const lines = t.split('\n');
        lines[1] = (lines[1] as string).replace('p0000-rs8edg58wb', 'p9999-nope');
        lines[2] = (lines[2] as string).replace('sxgry6rkh8,0,10,', 'sxgry6rkh8,0,11,');
        lines[3] = (lines[3] as string).replace(',1479462268,', ',1,');
        lines[4] = (lines[4] as string).replace(',ok,', ',done,');
        lines[6] = (lines[6] as string).replace(/,$/, ',5');
        return lines.join('\n');
      },
    });
    const issues = (await inputError(dir)).issues;
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [2, 'point_id'], [3, 'sim.fee_bps'], [4, 'seed'], [5, 'status'], [7, 'effective_hurdle'],
    ]);
    expect(issues[0]?.message).toBe('point "p9999-nope" is not in sweep.json');
    expect(issues[1]?.message).toBe('expected "10" as in sweep.json for p0001-sxgry6rkh8, was "11"');
  });

  it('requires the header to list the axes of sweep.json in order', async () => {
    const dir = fixtureCopy({ 'results.csv': editLine(1, (l) => l.replace('risk.auction_swap_threshold,sim.fee_bps', 'sim.fee_bps,risk.auction_swap_threshold')) });
    const issue = (await inputError(dir)).issues[0];
    expect(issue?.line).toBe(1);
    expect(issue?.message).toMatch(/^expected the header to start point_id,risk\.auction_swap_threshold,sim\.fee_bps,sim\.slippage_model,seed,status,error/);
  });

  it('reports a row of the wrong length as malformed CSV at its line', async () => {
    const dir = fixtureCopy({ 'results.csv': editLine(4, (l) => `${l},extra`) });
    const issue = (await inputError(dir)).issues[0];
    expect(issue?.line).toBe(4);
    expect(issue?.message).toMatch(/^malformed CSV/);
  });

  it('reports walk_forward.csv problems: a missing column, a bad timestamp, an unknown point', async () => {
    const missing = fixtureCopy({ 'walk_forward.csv': editLine(1, (l) => l.replace(',out_of_sample_swaps_per_day', ',oos_swaps')) });
    expect((await inputError(missing)).issues[0]?.message).toMatch(/^missing column\(s\) out_of_sample_swaps_per_day/);
    const bad = fixtureCopy({
      'walk_forward.csv': (t) => editLine(4, (l) => l.replace('2016-09-04T00:00:00.000Z,2017', '2016-09-04,2017').replaceAll('p0002-1szu1y8086v', 'p7'))(t),
    });
    const issues = (await inputError(bad)).issues;
    expect(issues.map((i) => [i.line, i.field])).toEqual([[4, 'best_point_id'], [4, 'out_of_sample_start']]);
  });

  it('requires the condition column', async () => {
    const dir = fixtureCopy({ 'walk_forward.csv': (t) => t.split('\n').map((l) => l.replace(/^(\d+|fold),("(?:[^"]|"")*"|condition),/, '$1,')).join('\n') });
    const issue = (await inputError(dir)).issues[0];
    expect(issue).toMatchObject({ file: path.join(dir, 'walk_forward.csv'), line: 1 });
    expect(issue?.message).toMatch(/^missing column\(s\) condition; expected fold,condition,in_sample_start,/);
  });

  it('reports a condition that is not in the plan, one that is not the chosen point\'s, and a fold repeated at a condition', async () => {
    const dir = fixtureCopy({
      'walk_forward.csv': (t) => {
        const lines = t.split('\n');
        // Line 2: fee 3 is not a value of the grid. Line 3: p0003 sits at fee 10, not at fee 2.
        lines[1] = (lines[1] as string).replace('"sim.fee_bps=2 ', '"sim.fee_bps=3 ');
        lines[2] = (lines[2] as string).replace('"sim.fee_bps=10 ', '"sim.fee_bps=2 ');
        // Line 5: fold 2 at fee 2 again (line 4 has it).
        lines[4] = (lines[4] as string).replace('"sim.fee_bps=10 ', '"sim.fee_bps=2 ').replace('p0001-sxgry6rkh8', 'p0000-rs8edg58wb');
        return lines.join('\n');
      },
    });
    const issues = (await inputError(dir)).issues;
    expect(issues.map((i) => [i.line, i.column, i.field])).toEqual([[2, 2, 'condition'], [3, 2, 'condition'], [5, 2, 'condition']]);
    const level = (fee: number): string => JSON.stringify(`sim.fee_bps=${fee} sim.slippage_model=${JSON.stringify(SCRIPT)}`);
    expect(issues[0]?.message).toBe(`expected one of the conditions of sweep.json (${level(2)}, ${level(10)}), was ${level(3)}`);
    expect(issues[1]?.message).toBe(`expected ${level(10)}, the condition of p0003-1ps4daaxjc7 in sweep.json, was ${level(2)}`);
    expect(issues[2]?.message).toBe(`fold 2 at condition ${level(2)} appears twice (first on line 4)`);
  });
});

describe('results.csv of a grid that sweeps the seed', () => {
  it('has one seed column (the axis is the seed the point ran with), and reads back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sweep-seed-axis-'));
    temps.push(dir);
    const axes = [{ key: 'risk.auction_swap_threshold', values: [0, 10] }, { key: 'seed', values: [7, 8] }];
    const plan: SweepPlan = { name: 'seeds', scenarioSeed: 42, axes, points: expandGrid(axes, 42), rankBy: 'net_pnl', walkForwardFolds: 0 };
    writeOrCheckPlan(dir, plan, 'test');
    const rows = plan.points.map((point, i) => ({ point, status: 'ok' as const, error: '', metrics: { net_pnl: 100 * i } }));
    writeFileSync(path.join(dir, 'results.csv'), resultsCsvText(plan, rows));
    const header = readFileSync(path.join(dir, 'results.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('point_id,risk.auction_swap_threshold,seed,status,error,net_pnl');
    const data = await readSweep(dir);
    expect(data.results.map((r) => [r.point.seed, r.metrics.net_pnl])).toEqual([[7, 0], [8, 100], [7, 200], [8, 300]]);
    // Without a seed axis the column is still there, after the axes.
    const plain = { ...plan, axes: axes.slice(0, 1), points: expandGrid(axes.slice(0, 1), 42) };
    expect(resultsCsvText(plain, []).trim()).toBe('point_id,risk.auction_swap_threshold,seed,status,error');
  });
});
