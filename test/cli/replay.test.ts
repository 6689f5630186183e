// Whole `auction replay` runs through runCli on generated scenarios: byte-identical reruns and input layouts, `--set`/`--seed`, bankruptcy, and the bad-input corpus (exit 2, file:line:col, no run folder).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDecisionStats } from '../../src/io/runJson.js';
import { IssueCollector } from '../../src/io/runRows.js';
import {
  cli,
  columnSum,
  csvText,
  folderBytes,
  generateMarket,
  PRICE_HEADER,
  SCENARIO_YAML,
  scenarioFiles,
  shuffleWithinTimestamps,
  SIGNAL_HEADER,
  SYMBOLS,
  tempLeftovers,
  writeFiles,
  type Market,
} from './scenarioBuilders.js';

let root = '';
let market: Market;
let n = 0;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cli-replay-'));
  market = generateMarket();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh scenario folder holding `files`. */
function scenarioDir(files: Record<string, string>): string {
  n += 1;
  const dir = path.join(root, `case-${n}`);
  writeFiles(dir, files);
  return dir;
}

async function replayInto(dir: string, out: string, ...extra: string[]) {
  return cli(['replay', path.join(dir, 'scenario.yaml'), '--out', path.join(dir, out), ...extra]);
}

const RECORD_FILES = ['fills.csv', 'trades.csv', 'cycles.csv', 'summary.json'];

describe('replay of a generated scenario', () => {
  let dir = '';
  let first: Map<string, Buffer>;

  beforeAll(async () => {
    dir = scenarioDir(scenarioFiles(market));
    const run = await replayInto(dir, 'run-a');
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    first = folderBytes(path.join(dir, 'run-a'));
  });

  it('exits 0 and writes the run folder, with the baseline beside it', () => {
    for (const name of [
      'manifest.json', 'summary.json', 'fills.csv', 'trades.csv', 'cycles.csv', 'unfilled.csv', 'decisions.jsonl.gz',
      'report.html', 'report.md', 'baseline/fills.csv', 'baseline/trades.csv', 'baseline/cycles.csv', 'baseline/manifest.json',
    ]) {
      expect(first.has(name), name).toBe(true);
    }
    // The generated market trades: opens, swaps and round trips all happen.
    const fills = first.get('fills.csv')!.toString();
    expect(fills.split('\n').length).toBeGreaterThan(20);
    expect(columnSum(first.get('cycles.csv')!.toString(), 'swaps')).toBeGreaterThan(0);
    expect(tempLeftovers(path.join(dir, 'run-a'))).toEqual([]);
  });

  it('a rerun into another folder gives byte-identical files, every one of them', async () => {
    const again = await replayInto(dir, 'run-b');
    expect(again.code, again.stderr).toBe(0);
    const second = folderBytes(path.join(dir, 'run-b'));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) expect(second.get(name)!.equals(bytes), `${name} differs`).toBe(true);
  });

  it('no absolute path or temporary folder name leaks into any file', () => {
    for (const [name, bytes] of first) {
      if (name.endsWith('.gz')) continue;
      const text = bytes.toString('utf8');
      expect(text.includes(root), `${name} names ${root}`).toBe(false);
      expect(text.includes('.tmp-'), `${name} names a temporary folder`).toBe(false);
    }
  });

  it('the same prices as one file per symbol in a folder give byte-identical records', async () => {
    const split = scenarioDir({
      ...scenarioFiles(market),
      'scenario.yaml': SCENARIO_YAML.replace('prices: prices.csv', 'prices: prices'),
      ...Object.fromEntries(SYMBOLS.map((s) => [`prices/${s}.csv`, csvText(PRICE_HEADER, market.bySymbol[s]!)])),
    });
    const run = await replayInto(split, 'out');
    expect(run.code, run.stderr).toBe(0);
    const files = folderBytes(path.join(split, 'out'));
    for (const name of [...RECORD_FILES, 'baseline/fills.csv', 'baseline/trades.csv', 'baseline/cycles.csv']) {
      expect(files.get(name)!.equals(first.get(name)!), `${name} differs`).toBe(true);
    }
  });

  it('per-symbol files without a symbol column (the symbol from the file name) give byte-identical records', async () => {
    const noSymbol = (rows: readonly string[]) => rows.map((r) => r.split(',').filter((_, i) => i !== 1).join(','));
    const split = scenarioDir({
      ...scenarioFiles(market),
      'scenario.yaml': SCENARIO_YAML.replace('prices: prices.csv', 'prices: by-symbol'),
      ...Object.fromEntries(SYMBOLS.map((s) => [`by-symbol/${s}.csv`, csvText('ts,open,high,low,close,volume', noSymbol(market.bySymbol[s]!))])),
    });
    const run = await replayInto(split, 'out');
    expect(run.code, run.stderr).toBe(0);
    const files = folderBytes(path.join(split, 'out'));
    for (const name of RECORD_FILES) expect(files.get(name)!.equals(first.get(name)!), `${name} differs`).toBe(true);
  });

  it('rows of one timestamp in another order give byte-identical records', async () => {
    const shuffled = shuffleWithinTimestamps(market.priceRows);
    expect(shuffled).not.toEqual(market.priceRows);
    const signals = shuffleWithinTimestamps(market.signalRows, 9);
    const funding = shuffleWithinTimestamps(market.fundingRows, 13);
    const other = scenarioDir({
      ...scenarioFiles(market),
      'prices.csv': csvText(PRICE_HEADER, shuffled),
      'signals.csv': csvText(SIGNAL_HEADER, signals),
      'funding.csv': csvText('ts,symbol,rate', funding),
    });
    const run = await replayInto(other, 'out');
    expect(run.code, run.stderr).toBe(0);
    const files = folderBytes(path.join(other, 'out'));
    for (const name of RECORD_FILES) expect(files.get(name)!.equals(first.get(name)!), `${name} differs`).toBe(true);
  });

  /** Replays the market with the prices given another way; the records must be byte-identical to the first run. */
  async function expectSameRecords(files: Record<string, string | Buffer>, pricesYaml: string): Promise<void> {
    const other = scenarioDir({ ...scenarioFiles(market), 'scenario.yaml': SCENARIO_YAML.replace('  prices: prices.csv\n', pricesYaml) });
    writeFiles(other, files);
    const run = await replayInto(other, 'out');
    expect(run.code, run.stderr).toBe(0);
    const got = folderBytes(path.join(other, 'out'));
    for (const name of RECORD_FILES) expect(got.get(name)!.equals(first.get(name)!), `${name} differs`).toBe(true);
  }

  it('gzip-compressed prices give byte-identical records', async () => {
    await expectSameRecords({ 'prices.csv.gz': gzipSync(csvText(PRICE_HEADER, market.priceRows)) }, '  prices: prices.csv.gz\n');
  });

  it('epoch-second and epoch-millisecond timestamps give byte-identical records', async () => {
    const epoch = (scale: number) => market.priceRows.map((r) => {
      const [ts, ...rest] = r.split(',');
      return [String(Date.parse(`${ts}T00:00:00Z`) / scale), ...rest].join(',');
    });
    await expectSameRecords({ 'prices-s.csv': csvText(PRICE_HEADER, epoch(1000)) }, '  prices: prices-s.csv\n');
    await expectSameRecords({ 'prices-ms.csv': csvText(PRICE_HEADER, epoch(1)) }, '  prices: prices-ms.csv\n');
  });

  it('columns in another order, renamed through columns:, with an extra column, in a +03:00 zone give byte-identical records', async () => {
    const rows = market.priceRows.map((r) => {
      const [ts, symbol, open, high, low, close, volume] = r.split(',');
      return [volume, close, 'x', symbol, low, `${ts}T03:00:00`, high, open].join(',');
    });
    await expectSameRecords(
      { 'other.csv': csvText('vol,close,note,ticker,low,timestamp,high,open', rows) },
      '  prices:\n    path: other.csv\n    columns: { ts: timestamp, symbol: ticker, volume: vol }\n    utc_offset: "+03:00"\n',
    );
  });

  it('decision_stats.json holds exactly the totals of streaming decisions.jsonl.gz back', async () => {
    const written = JSON.parse(first.get('decision_stats.json')!.toString()) as Record<string, unknown>;
    const streamed = await readDecisionStats(path.join(dir, 'run-a', 'decisions.jsonl.gz'), new IssueCollector());
    expect(written).toEqual({
      decisions: streamed.decisions,
      rejected_by_reason: streamed.rejectedByReason,
      blocked_gap_sum: streamed.blockedGapSum,
      blocked_with_gap: streamed.blockedWithGap,
    });
    expect(streamed.decisions).toBeGreaterThan(100);
    expect(Object.keys(streamed.rejectedByReason).length).toBeGreaterThan(0);
  });

  it('--seed changes the slippage jitter draws, and --no-decisions skips decisions.jsonl.gz but keeps the totals', async () => {
    const run = await replayInto(dir, 'run-seed', '--seed', '12', '--no-decisions');
    expect(run.code, run.stderr).toBe(0);
    const files = folderBytes(path.join(dir, 'run-seed'));
    expect(files.has('decisions.jsonl.gz')).toBe(false);
    const summary = JSON.parse(files.get('summary.json')!.toString()) as Record<string, unknown>;
    expect(typeof summary.blocked_gap_sum).toBe('number');
    expect(files.get('fills.csv')!.equals(first.get('fills.csv')!)).toBe(false);
    expect(JSON.parse(files.get('manifest.json')!.toString()).seed).toBe(12);
  });

  it('--set risk.auction_swap_threshold=50 changes the swaps', async () => {
    const run = await replayInto(dir, 'run-t50', '--set', 'risk.auction_swap_threshold=50');
    expect(run.code, run.stderr).toBe(0);
    const swaps = (files: Map<string, Buffer>): number => columnSum(files.get('cycles.csv')!.toString(), 'swaps');
    const t50 = folderBytes(path.join(dir, 'run-t50'));
    expect(swaps(t50)).toBeLessThan(swaps(first));
    expect(t50.get('fills.csv')!.equals(first.get('fills.csv')!)).toBe(false);
    const manifest = JSON.parse(t50.get('manifest.json')!.toString()) as { scenario: { risk: Record<string, unknown> } };
    expect(manifest.scenario.risk.auction_swap_threshold).toBe(50);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Bad input: exit 2, every message names the file and the line (and the column where there is one), no run folder.

/** Replays a broken copy of the scenario; checks exit 2, no output folder, no temporary folder; returns stderr. */
async function badRun(files: Record<string, string>, ...extra: string[]): Promise<string> {
  const dir = scenarioDir(scenarioFiles(market, files));
  const out = path.join(dir, 'out');
  const run = await cli(['replay', path.join(dir, 'scenario.yaml'), '--out', out, ...extra]);
  expect(run.code, run.stderr).toBe(2);
  expect(existsSync(out)).toBe(false);
  expect(tempLeftovers(out)).toEqual([]);
  expect(run.stdout).toBe('');
  return run.stderr;
}

/** The prices file with data row `k` (1-based, line k + 1) replaced by `row(cells)`. */
function pricesWith(k: number, edit: (cells: string[]) => string[]): { text: string; line: number; row: string } {
  const rows = [...market.priceRows];
  const row = edit(rows[k - 1]!.split(',')).join(',');
  rows[k - 1] = row;
  return { text: csvText(PRICE_HEADER, rows), line: k + 1, row };
}

/** 1-based column where cell `i` of a CSV row starts. */
function columnOf(row: string, i: number): number {
  return row.split(',').slice(0, i).join(',').length + (i > 0 ? 2 : 1);
}

describe('bad input exits 2 with file:line:col and writes nothing', () => {
  it('bad number', async () => {
    const { text, line, row } = pricesWith(5, (c) => [c[0]!, c[1]!, c[2]!, 'abc', ...c.slice(4)]);
    const stderr = await badRun({ 'prices.csv': text });
    expect(stderr).toContain(`prices.csv:${line}:${columnOf(row, 3)}: high: expected a finite number, was "abc"`);
  });

  it('bad date', async () => {
    const { text, line } = pricesWith(5, (c) => ['2021-02-30', ...c.slice(1)]);
    const stderr = await badRun({ 'prices.csv': text });
    expect(stderr).toContain(`prices.csv:${line}:1: ts: expected an ISO-8601 date`);
  });

  it('unsorted rows', async () => {
    // The first row of day 1 moved to the top: the day-0 rows after it are out of order.
    const rows = [...market.priceRows];
    const moved = rows.splice(SYMBOLS.length, 1)[0]!;
    rows.unshift(moved);
    const stderr = await badRun({ 'prices.csv': csvText(PRICE_HEADER, rows) });
    expect(stderr).toMatch(/prices\.csv:3:1: ts: rows must be in ascending time/);
  });

  it('duplicate rows', async () => {
    const rows = [...market.priceRows];
    rows.splice(2, 0, rows[1]!);
    const stderr = await badRun({ 'prices.csv': csvText(PRICE_HEADER, rows) });
    // Line 4 repeats line 3; the symbol column starts after "2021-01-04,".
    expect(stderr).toContain('prices.csv:4:12: symbol: duplicate row for BBB');
  });

  it('missing column', async () => {
    const rows = market.priceRows.map((r) => r.split(',').slice(0, 6).join(','));
    const stderr = await badRun({ 'prices.csv': csvText('ts,symbol,open,high,low,close', rows) });
    expect(stderr).toContain('prices.csv:1:1: volume: missing required column "volume"');
  });

  it('unknown symbol in signals', async () => {
    const rows = [...market.signalRows];
    const parts = rows[2]!.split(',');
    rows[2] = [parts[0], 'ZZZ', ...parts.slice(2)].join(',');
    const stderr = await badRun({ 'signals.csv': csvText(SIGNAL_HEADER, rows) });
    expect(stderr).toContain('signals.csv:4:12: symbol: no prices for symbol "ZZZ"');
  });

  it('high below low', async () => {
    const { text, line, row } = pricesWith(6, (c) => [c[0]!, c[1]!, c[2]!, '1', '999', ...c.slice(5)]);
    const stderr = await badRun({ 'prices.csv': text });
    expect(stderr).toContain(`prices.csv:${line}:${columnOf(row, 3)}: high: high 1 is below low 999`);
  });

  it('negative price', async () => {
    const { text, line, row } = pricesWith(7, (c) => [c[0]!, c[1]!, '-5', ...c.slice(3)]);
    const stderr = await badRun({ 'prices.csv': text });
    expect(stderr).toContain(`prices.csv:${line}:${columnOf(row, 2)}: open: expected a price > 0, was "-5"`);
  });

  it('empty file', async () => {
    const stderr = await badRun({ 'prices.csv': '' });
    expect(stderr).toContain('prices.csv:1:1: the file is empty');
  });

  it('bad scenario key', async () => {
    // Line 11 of the scenario, the key indented by two.
    const yaml = SCENARIO_YAML.replace('  slippage_jitter_bps: 1\n', '  slippage_jitter_bps: 1\n  slipage_bps: 3\n');
    expect(yaml.split('\n')[10]).toBe('  slipage_bps: 3');
    const stderr = await badRun({ 'scenario.yaml': yaml });
    expect(stderr).toMatch(/scenario\.yaml:11:3: sim\.slipage_bps: /);
  });

  it('missing file', async () => {
    const yaml = SCENARIO_YAML.replace('signals: signals.csv', 'signals: nowhere.csv');
    const stderr = await badRun({ 'scenario.yaml': yaml });
    // data.signals is on line 13, its value at column 12.
    expect(stderr).toMatch(/scenario\.yaml:13:12: data\.signals: no such file or folder: "nowhere\.csv"/);
  });

  it('missing scenario file', async () => {
    const out = path.join(root, 'never');
    const run = await cli(['replay', path.join(root, 'no-such-scenario.yaml'), '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-scenario.yaml: no such file');
    expect(existsSync(out)).toBe(false);
  });

  it('bad --set flag', async () => {
    const noEquals = await badRun({}, '--set', 'risk.auction_swap_threshold');
    expect(noEquals).toContain('--set: risk.auction_swap_threshold: expected key=value');
    const badValue = await badRun({}, '--set', 'sim.fee_bps=cheap');
    expect(badValue).toMatch(/--set: sim\.fee_bps: expected .*"cheap"/);
    const unknownKey = await badRun({}, '--set', 'sim.no_such_knob=1');
    expect(unknownKey).toMatch(/--set: sim\.no_such_knob: /);
  });

  it('bad signal cells: direction and stop distance', async () => {
    const rows = [...market.signalRows];
    const cells = rows[0]!.split(',');
    rows[0] = [cells[0], cells[1], 'sideways', ...cells.slice(3)].join(',');
    const stop = rows[1]!.split(',');
    rows[1] = [...stop.slice(0, 6), '0', ...stop.slice(7)].join(',');
    const stderr = await badRun({ 'signals.csv': csvText(SIGNAL_HEADER, rows) });
    expect(stderr).toContain(`signals.csv:2:${columnOf(rows[0], 2)}: direction: expected long or short, was "sideways"`);
    expect(stderr).toContain(`signals.csv:3:${columnOf(rows[1], 6)}: stop_distance_pct: expected a stop distance > 0 (in %), was "0"`);
  });

  it('bad funding rate and duplicate funding rows', async () => {
    const rows = [...market.fundingRows];
    rows[1] = rows[1]!.replace(/,[^,]*$/, ',lots');
    rows.splice(4, 0, rows[3]!);
    const stderr = await badRun({ 'funding.csv': csvText('ts,symbol,rate', rows) });
    expect(stderr).toContain(`funding.csv:3:${columnOf(rows[1], 2)}: rate: expected a finite number, was "lots"`);
    expect(stderr).toMatch(/funding\.csv:6:\d+: symbol: duplicate/);
  });

  it('every problem of a file at once', async () => {
    const rows = [...market.priceRows];
    rows[0] = rows[0]!.replace(/,\d+$/, ',-1');
    rows[9] = rows[9]!.replace(/^[^,]+/, 'yesterday');
    const stderr = await badRun({ 'prices.csv': csvText(PRICE_HEADER, rows) });
    expect(stderr).toMatch(/prices\.csv:2:\d+: volume: /);
    expect(stderr).toMatch(/prices\.csv:11:1: ts: /);
  });

  it('many problems: one message each up to the cap, then a count of the rest', async () => {
    // 60 bad volumes on lines 2..61.
    const rows = market.priceRows.map((r, i) => (i < 60 ? r.replace(/,\d+$/, ',-1') : r));
    const stderr = await badRun({ 'prices.csv': csvText(PRICE_HEADER, rows) });
    const messages = stderr.split('\n').filter((l) => /prices\.csv:\d+:\d+: volume: /.test(l));
    expect(messages).toHaveLength(50);
    expect(messages[0]).toMatch(/^prices\.csv:2:/);
    expect(stderr).toContain('... and 10 more issues');
  });

  it('a bad row in a per-symbol prices folder names the file inside the folder', async () => {
    const rows = [...market.bySymbol.CCC!];
    rows[3] = rows[3]!.replace(/,\d+$/, ',-1');
    const stderr = await badRun({
      'scenario.yaml': SCENARIO_YAML.replace('prices: prices.csv', 'prices: prices'),
      ...Object.fromEntries(SYMBOLS.map((s) => [`prices/${s}.csv`, csvText(PRICE_HEADER, s === 'CCC' ? rows : market.bySymbol[s]!)])),
    });
    expect(stderr).toMatch(/prices\/CCC\.csv:5:\d+: volume: expected a volume >= 0, was "-1"/);
  });
});

describe('a bankrupt run', () => {
  it('exits 0 and says bankrupt in the summary and the manifest; nothing is traded after it', async () => {
    const prices = [
      '2021-01-04,AAA,100,100,100,100,1000',
      '2021-01-05,AAA,100,100.5,99.5,100,1000',
      '2021-01-06,AAA,5,5,4,4,1000',
      '2021-01-07,AAA,4,4,4,4,1000',
    ];
    const dir = scenarioDir({
      'scenario.yaml': [
        'name: bust', 'sim:', '  leverage: 20', '  max_position_pct: 1000', '  risk_per_trade_pct: 100',
        'data:', '  prices: p.csv', '  signals: s.csv', '',
      ].join('\n'),
      'p.csv': csvText(PRICE_HEADER, prices),
      's.csv': csvText(SIGNAL_HEADER, ['2021-01-04,AAA,long,80,t,b,1,']),
    });
    const run = await replayInto(dir, 'out');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('(bankrupt)');
    const files = folderBytes(path.join(dir, 'out'));
    const summary = JSON.parse(files.get('summary.json')!.toString()) as Record<string, unknown>;
    expect(summary.bankrupt).toBe('yes');
    for (const [key, value] of Object.entries(summary)) expect(['number', 'string'], key).toContain(typeof value);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as { result: { bankrupt: boolean; cycles: number } };
    expect(manifest.result).toMatchObject({ bankrupt: true, cycles: 3 });
    expect(files.get('fills.csv')!.toString()).not.toContain('2021-01-07');
  });
});

describe('signal rows of one timestamp in any order', () => {
  it('two signals of one (ts, symbol, direction) in either order: the same outcome (both refused, or the same fills)', async () => {
    // Day 1 (2021-01-05) gets two AAA longs; with a value floor of 50 only the 90 may open.
    const weak = '2021-01-05,AAA,long,30,trend,breakout,5,';
    const strong = '2021-01-05,AAA,long,90,trend,breakout,2,';
    const yaml = SCENARIO_YAML.replace('risk:\n', 'risk:\n  auction_min_value: 50\n');
    const outcome = async (pair: string[]) => {
      const dir = scenarioDir(scenarioFiles(market, { 'scenario.yaml': yaml, 'signals.csv': csvText(SIGNAL_HEADER, pair) }));
      const run = await replayInto(dir, 'out');
      return { code: run.code, fills: run.code === 0 ? readFileSync(path.join(dir, 'out', 'fills.csv'), 'utf8') : run.stderr };
    };
    const a = await outcome([weak, strong]);
    const b = await outcome([strong, weak]);
    expect(b.code).toBe(a.code);
    if (a.code === 0) expect(b.fills).toBe(a.fills);
  });
});

describe('a failed run leaves an earlier run folder as it was', () => {
  it('bad input on a rerun into an existing folder changes nothing in it', async () => {
    const dir = scenarioDir(scenarioFiles(market));
    const good = await replayInto(dir, 'out');
    expect(good.code, good.stderr).toBe(0);
    const before = folderBytes(path.join(dir, 'out'));
    writeFiles(dir, { 'prices.csv': readFileSync(path.join(dir, 'prices.csv'), 'utf8').replace(/\n2021-01-06,AAA,[^,]+,/, '\n2021-01-06,AAA,-3,') });
    const bad = await replayInto(dir, 'out');
    expect(bad.code).toBe(2);
    const after = folderBytes(path.join(dir, 'out'));
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), name).toBe(true);
    expect(tempLeftovers(path.join(dir, 'out'))).toEqual([]);
  });
});

describe('bad input met after the decision log has handed over to its worker thread', () => {
  it('still exits 2 naming file, line and column, and writes nothing', async () => {
    const long = generateMarket(42, 1500);
    // The precondition: this market's decision lines pass the first megabyte, where the log starts its worker.
    const goodDir = scenarioDir(scenarioFiles(long));
    const good = await cli(['replay', path.join(goodDir, 'scenario.yaml'), '--out', path.join(goodDir, 'out'), '--no-report']);
    expect(good.code, good.stderr).toBe(0);
    const text = gunzipSync(readFileSync(path.join(goodDir, 'out', 'decisions.jsonl.gz')));
    expect(text.length).toBeGreaterThan(1.2 * (1 << 20));
    // A bad cell in the last days, well past the hand-over.
    const rows = [...long.priceRows];
    const k = rows.length - 10;
    const cells = rows[k - 1]!.split(',');
    rows[k - 1] = [...cells.slice(0, 3), 'abc', ...cells.slice(4)].join(',');
    const dir = scenarioDir(scenarioFiles(long, { 'prices.csv': csvText(PRICE_HEADER, rows) }));
    const out = path.join(dir, 'out');
    const run = await cli(['replay', path.join(dir, 'scenario.yaml'), '--out', out]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`prices.csv:${k + 1}:${columnOf(rows[k - 1]!, 3)}: high: expected a finite number, was "abc"`);
    expect(existsSync(out)).toBe(false);
    expect(tempLeftovers(out)).toEqual([]);
  });
});
