// readRun on the hand-written fixture, and the InputError it gives for every kind of malformed run folder.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/inputError.js';
import { readRun } from '../../src/io/runReader.js';

const FIXTURE = 'test/fixtures/runs/small';
const EVIL = '<img src=x onerror=alert(1)>';

describe('readRun on the small fixture', () => {
  it('parses manifest, fills, trades, cycles, decisions and unfilled', async () => {
    const run = await readRun(FIXTURE);
    expect(run.manifest.name).toBe('small & <script>alert("name")</script>');
    expect(run.manifest.policy).toBe('auction');
    expect(run.manifest.result).toMatchObject({ cycles: 6, bankrupt: false, initialEquity: '100000', finalEquity: '101075.3757132' });
    expect(run.manifest.inputs.map((i) => i.role)).toEqual(['prices', 'signals']);
    expect(run.settings).toEqual({ maxPositions: 2, swapThreshold: 10, entryCost: 2, exitCost: 2, minHoldMinutes: 15, reentryWindowCycles: 10 });
    expect(run.fills).toHaveLength(8);
    expect(run.trades).toHaveLength(4);
    expect(run.cycles).toHaveLength(6);
    expect(run.decisions?.decisions).toBe(17);
    expect(run.unfilled).toEqual([]);
  });

  it('keeps quoted CSV fields intact and exact money strings beside the numbers', async () => {
    const run = await readRun(FIXTURE);
    const evilFill = run.fills[1];
    expect(evilFill?.symbol).toBe(EVIL);
    expect(evilFill?.positionId).toBe(`${EVIL}:long:2016-01-05T00:00:00.000Z`);
    const msft = run.trades.find((t) => t.symbol === 'MSFT');
    expect(msft?.cluster).toBe('range,"pullback"');
    expect(msft?.exact.netPnl).toBe('735.475075');
    expect(msft?.netPnl).toBe(735.475075);
    expect(run.fills[4]).toMatchObject({ action: 'stop', side: 'sell', reason: 'stop', fillMs: Date.UTC(2016, 0, 7) });
    expect(run.cycles[1]).toMatchObject({ ts: '2016-01-05T00:00:00.000Z', positions: 2, swaps: 1, equity: 100285.998 });
  });

  it('totals the decisions: rejections by reason and the gaps of hysteresis-blocked ones', async () => {
    const run = await readRun(FIXTURE);
    expect(run.decisions).toEqual({
      decisions: 17, rejectedByReason: { slot_cap: 2, hysteresis_blocked: 1, below_floor: 1 }, blockedGapSum: -8, blockedWithGap: 2,
    });
  });

  it('reads a decisions file of several gzip members, as the replay writes it in chunks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-reader-'));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      const lines = gunzipSync(readFileSync(join(FIXTURE, 'decisions.jsonl.gz'))).toString('utf8').split('\n');
      const half = Math.floor(lines.length / 2);
      writeFileSync(join(dir, 'decisions.jsonl.gz'), Buffer.concat([
        gzipSync(`${lines.slice(0, half).join('\n')}\n`), gzipSync(lines.slice(half).join('\n')),
      ]));
      expect((await readRun(dir)).decisions?.decisions).toBe(17);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the baseline sub-folder, which has no decisions', async () => {
    const run = await readRun(FIXTURE);
    expect(run.baseline?.manifest.policy).toBe('baseline');
    expect(run.baseline?.fills).toHaveLength(6);
    expect(run.baseline?.trades).toHaveLength(3);
    expect(run.baseline?.decisions).toBeNull();
    expect(run.baseline?.baseline).toBeNull();
  });
});

describe('readRun on malformed folders', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the fixture with one file replaced (or removed with null). */
  function broken(file: string, content: string | Buffer | null): string {
    const dir = mkdtempSync(join(tmpdir(), 'run-reader-'));
    dirs.push(dir);
    cpSync(FIXTURE, dir, { recursive: true });
    if (content === null) rmSync(join(dir, file));
    else writeFileSync(join(dir, file), content);
    return dir;
  }

  const original = (file: string): string => readFileSync(join(FIXTURE, file), 'utf8');

  async function issuesOf(dir: string): Promise<InputError> {
    const error = await readRun(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }

  it('names file, line, column and field of a bad number', async () => {
    const lines = original('fills.csv').split('\n');
    lines[2] = (lines[2] as string).replace(',50.01,', ',abc,');
    const dir = broken('fills.csv', lines.join('\n'));
    const error = await issuesOf(dir);
    expect(error.issues[0]).toMatchObject({ file: join(dir, 'fills.csv'), line: 3, column: 8, field: 'price' });
    expect(error.message).toContain(`${join(dir, 'fills.csv')}:3:8: price: expected a finite decimal number, was "abc"`);
  });

  it('lists every problem at once', async () => {
    const lines = original('trades.csv').split('\n');
    lines[1] = (lines[1] as string).replace(',long,', ',sideways,').replace(',1440,', ',,');
    const error = await issuesOf(broken('trades.csv', lines.join('\n')));
    expect(error.issues.map((i) => i.field)).toEqual(['direction', 'holding_minutes']);
  });

  it('lists the first 50 problems and counts the rest', async () => {
    const header = original('unfilled.csv');
    const rows = Array.from({ length: 120 }, () => 'yesterday,P,S,open,r\n').join('');
    const error = await issuesOf(broken('unfilled.csv', header + rows));
    expect(error.issues).toHaveLength(50);
    expect(error.moreCount).toBe(70);
    expect(error.message).toMatch(/\.\.\. and 70 more issues$/);
  });

  it('rejects a missing column, naming it', async () => {
    const text = original('cycles.csv').replace('hysteresis_blocked,', 'blocked,');
    const error = await issuesOf(broken('cycles.csv', text));
    expect(error.message).toContain('missing column(s) hysteresis_blocked');
  });

  it('rejects a bad timestamp and cycles out of order', async () => {
    const lines = original('cycles.csv').split('\n');
    [lines[2], lines[3]] = [lines[3] as string, lines[2] as string];
    lines[5] = (lines[5] as string).replace('2016-01-08T00:00:00.000Z', '08/01/2016');
    const error = await issuesOf(broken('cycles.csv', lines.join('\n')));
    expect(error.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ line: 4, field: 'ts', message: expect.stringContaining('ascending') as unknown }),
      expect.objectContaining({ line: 6, field: 'ts', message: expect.stringContaining('ISO-8601') as unknown }),
    ]));
  });

  it('rejects malformed CSV quoting with its line', async () => {
    const error = await issuesOf(broken('fills.csv', `${original('fills.csv')}2016-01-11T00:00:00.000Z,"unterminated\n`));
    expect(error.issues[0]?.message).toContain('malformed CSV');
    expect(error.issues[0]?.line).toBeGreaterThan(1);
  });

  it('rejects a row with the wrong number of cells', async () => {
    const error = await issuesOf(broken('trades.csv', `${original('trades.csv')}a,b,c\n`));
    expect(error.issues[0]?.message).toContain('malformed CSV');
  });

  it('names a missing required file', async () => {
    const dir = broken('trades.csv', null);
    const error = await issuesOf(dir);
    expect(error.message).toBe(`${join(dir, 'trades.csv')}: missing: a run folder must contain this file`);
  });

  it('treats a missing unfilled.csv as no unfilled orders and missing decisions as null', async () => {
    const dir = broken('unfilled.csv', null);
    rmSync(join(dir, 'decisions.jsonl.gz'));
    const run = await readRun(dir);
    expect(run.unfilled).toEqual([]);
    expect(run.decisions).toBeNull();
  });

  it('names the decision line that is not JSON or not a decision', async () => {
    const lines = ['{"ts":"2016-01-04T00:00:00.000Z"', JSON.stringify({ ts: '2016-01-04T00:00:00.000Z', kind: 'new', id: 'A', symbol: 'A', outcome: 'open', reason: 'nope', value: 1, swapValue: 1, terms: {} })];
    const dir = broken('decisions.jsonl.gz', gzipSync(`${lines.join('\n')}\n`));
    const error = await issuesOf(dir);
    expect(error.issues.map((i) => [i.line, i.message.slice(0, 18)])).toEqual([[1, 'malformed JSON: Ex'], [2, 'reason: expected a']]);
    expect(error.issues[0]?.file).toBe(join(dir, 'decisions.jsonl.gz'));
  });

  it('prefers decision_stats.json to streaming the decisions, and names its bad fields', async () => {
    const streamed = (await readRun(FIXTURE)).decisions!;
    const dir = broken('decisions.jsonl.gz', 'plain text, never read');
    writeFileSync(join(dir, 'decision_stats.json'), JSON.stringify({
      decisions: streamed.decisions, rejected_by_reason: { slot_cap: 3 }, blocked_gap_sum: -1.25, blocked_with_gap: 1,
    }));
    expect((await readRun(dir)).decisions).toEqual({ decisions: streamed.decisions, rejectedByReason: { slot_cap: 3 }, blockedGapSum: -1.25, blockedWithGap: 1 });
    writeFileSync(join(dir, 'decision_stats.json'), JSON.stringify({ decisions: 1, rejected_by_reason: {}, blocked_gap_sum: null, blocked_with_gap: 0 }));
    const error = await issuesOf(dir);
    expect(error.issues.map((i) => [i.file, i.field])).toEqual([[join(dir, 'decision_stats.json'), 'blocked_gap_sum']]);
  });

  it('rejects a decisions file that is not gzip', async () => {
    const error = await issuesOf(broken('decisions.jsonl.gz', 'plain text'));
    expect(error.message).toContain('not a readable gzip file');
  });

  it('checks the manifest fields, every one at once', async () => {
    const manifest = JSON.parse(original('manifest.json')) as Record<string, unknown>;
    manifest.policy = 'other';
    (manifest.result as Record<string, unknown>).final_equity = '1e';
    ((manifest.scenario as Record<string, Record<string, unknown>>).risk as Record<string, unknown>).auction_max_positions = 'two';
    const error = await issuesOf(broken('manifest.json', JSON.stringify(manifest)));
    expect(error.issues.map((i) => i.field)).toEqual(['policy', 'result.final_equity', 'scenario.risk.auction_max_positions']);
  });

  it('rejects a manifest that is not JSON', async () => {
    const error = await issuesOf(broken('manifest.json', '{ nope'));
    expect(error.message).toContain('manifest.json: malformed JSON');
  });
});
