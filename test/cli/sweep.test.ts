// Sweeps: results.csv is the same byte for byte on 1 or 2 workers, after an interruption and a rerun, and
// from merged shards; failed points are recorded and do not stop the others; walk-forward chooses within each fee level.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMarket, scenarioFiles, writeFiles } from './scenarioBuilders.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const GRID = ['--grid', 'risk.auction_swap_threshold=0,5,20', '--grid', 'sim.fee_bps=0,10'];

let dir = '';
let scenario = '';

function sweep(out: string, ...extra: string[]): { code: number; stderr: string } {
  const run = spawnSync(process.execPath, [bin, 'sweep', scenario, '--out', out, ...GRID, ...extra], { encoding: 'utf8' });
  return { code: run.status ?? -1, stderr: run.stderr };
}

function results(out: string): string {
  return readFileSync(path.join(out, 'results.csv'), 'utf8');
}

describe('auction sweep', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sweep-'));
    writeFiles(dir, scenarioFiles(generateMarket(5, 160)));
    scenario = path.join(dir, 'scenario.yaml');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same results.csv on 1 and on 2 workers, one row per grid point', () => {
    expect(sweep(path.join(dir, 'w1'), '--workers', '1').code).toBe(0);
    expect(sweep(path.join(dir, 'w2'), '--workers', '2').code).toBe(0);
    const one = results(path.join(dir, 'w1'));
    expect(results(path.join(dir, 'w2'))).toBe(one);
    const rows = one.trim().split('\n');
    expect(rows).toHaveLength(1 + 6);
    expect(rows[0]).toMatch(/^point_id,risk\.auction_swap_threshold,sim\.fee_bps,seed,status,error,/);
    expect(rows.slice(1).every((r) => r.includes(',ok,'))).toBe(true);
    // Different fees give different results: the points really ran with their own settings.
    expect(new Set(rows.slice(1).map((r) => r.split(',').slice(6).join(','))).size).toBe(6);
  });

  it('resumes an interrupted sweep, skipping finished points, and ends with the same results', async () => {
    const out = path.join(dir, 'interrupted');
    const child = spawn(process.execPath, [bin, 'sweep', scenario, '--out', out, ...GRID, '--workers', '1'], { stdio: 'ignore' });
    const pointsDir = path.join(out, 'points');
    // Kill it as soon as the first point is published, long before the last.
    await new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const poll = setInterval(() => {
        const done = existsSync(pointsDir) ? readdirSync(pointsDir).filter((n) => !n.startsWith('.')).length : 0;
        if (done >= 1) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (performance.now() - started > 120_000) {
          clearInterval(poll);
          reject(new Error('no point finished'));
        }
      }, 20);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const finishedBefore = readdirSync(pointsDir).filter((n) => !n.startsWith('.'));
    expect(finishedBefore.length).toBeGreaterThanOrEqual(1);
    expect(finishedBefore.length).toBeLessThan(6);
    expect(existsSync(path.join(out, 'results.csv'))).toBe(false);

    const rerun = sweep(out, '--workers', '2');
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain(`${finishedBefore.length} already done`);
    expect(results(out)).toBe(results(path.join(dir, 'w1')));
  });

  it('runs fixed shards that merge into the same results.csv', () => {
    expect(sweep(path.join(dir, 's1'), '--shard', '1/2', '--workers', '1').code).toBe(0);
    expect(sweep(path.join(dir, 's2'), '--shard', '2/2', '--workers', '1').code).toBe(0);
    const shardRows = (n: string) => results(path.join(dir, n)).trim().split('\n').length - 1;
    expect(shardRows('s1') + shardRows('s2')).toBe(6);
    const merge = spawnSync(process.execPath, [bin, 'sweep', 'merge', path.join(dir, 'merged'), path.join(dir, 's1'), path.join(dir, 's2')], {
      encoding: 'utf8',
    });
    expect(merge.status).toBe(0);
    expect(results(path.join(dir, 'merged'))).toBe(results(path.join(dir, 'w1')));
  });

  it('walks forward with fees as conditions: at each fee level the best threshold is chosen in sample and replayed at that fee', () => {
    const out = path.join(dir, 'walk-forward');
    expect(sweep(out, '--walk-forward', '3', '--workers', '2').code).toBe(0);
    const plan = JSON.parse(readFileSync(path.join(out, 'sweep.json'), 'utf8')) as { points: { id: string; values: { key: string; value: unknown }[] }[] };
    const feeOf = (id: string): unknown => plan.points.find((p) => p.id === id)?.values.find((v) => v.key === 'sim.fee_bps')?.value;
    const lines = readFileSync(path.join(out, 'walk_forward.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^fold,condition,in_sample_start,/);
    const rows = lines.slice(1).map((l) => l.split(','));
    // Folds 1 and 2 (fold 0 has nothing before it), each at fee 0 then fee 10.
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['1', 'sim.fee_bps=0'], ['1', 'sim.fee_bps=10'], ['2', 'sim.fee_bps=0'], ['2', 'sim.fee_bps=10']]);
    // Each point was chosen among its own fee level's thresholds: its fee is the row's level.
    expect(rows.map((r) => feeOf(r[6] as string))).toEqual([0, 10, 0, 10]);
    // Every chosen point was replayed out of sample at its level.
    for (const r of rows) {
      expect(existsSync(path.join(out, 'walk-forward', `fold-${r[0]}`, 'out-of-sample', r[6] as string, 'summary.json'))).toBe(true);
      expect(r[10]).toMatch(/^-?\d/);
    }
    // The report read the new column back.
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('| Fold | Condition |');
  });

  it('records a failed point with its error, runs the others, and says so in the exit code', () => {
    const out = path.join(dir, 'failing');
    const run = spawnSync(
      process.execPath,
      [bin, 'sweep', scenario, '--out', out, '--grid', 'risk.auction_max_margin_util=0.5,1.5', '--workers', '2'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    const rows = results(out).trim().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(',ok,');
    expect(rows[1]).toContain(',failed,');
    expect(rows[1]).toContain('auction_max_margin_util');
  });

  it('refuses an unknown grid key as bad input before running anything', () => {
    const out = path.join(dir, 'bad-key');
    const run = spawnSync(process.execPath, [bin, 'sweep', scenario, '--out', out, '--grid', 'risk.auction_nonsense=1,2'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--grid');
    expect(run.stderr).toContain('risk.auction_nonsense');
    expect(existsSync(out)).toBe(false);
  });
});
