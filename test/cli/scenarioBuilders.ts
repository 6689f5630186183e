// Builders for whole-CLI tests: a deterministic generated market, scenario folders, runCli with output captured, run folder bytes.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { rng } from '../sim/replayBuilders.js';

export const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
export const PRICE_HEADER = 'ts,symbol,open,high,low,close,volume';
export const SIGNAL_HEADER = 'ts,symbol,direction,score,regime,setup_type,stop_distance_pct,take_profit_r';

const DAY = 86_400_000;
const START = Date.UTC(2021, 0, 4);

const dateOf = (d: number): string => new Date(START + d * DAY).toISOString().slice(0, 10);
const cents = (n: number): string => (n / 100).toString();

/** A generated market: CSV lines (without headers) of prices by (ts, symbol), signals and funding. */
export interface Market {
  readonly priceRows: string[];
  /** Price rows per symbol, in time order. */
  readonly bySymbol: Record<string, string[]>;
  readonly signalRows: string[];
  readonly fundingRows: string[];
}

/** `days` daily bars of each symbol (a random walk in cents), signals on ~15 % of bars, daily funding at 08:00. */
export function generateMarket(seed = 42, days = 120): Market {
  const next = rng(seed);
  const last = new Map(SYMBOLS.map((s, i) => [s, 5_000 + 2_500 * i]));
  const priceRows: string[] = [];
  const bySymbol: Record<string, string[]> = Object.fromEntries(SYMBOLS.map((s) => [s, []]));
  const signalRows: string[] = [];
  const fundingRows: string[] = [];
  for (let d = 0; d < days; d++) {
    const ts = dateOf(d);
    for (const s of SYMBOLS) {
      const prev = last.get(s)!;
      const open = Math.max(100, Math.round(prev * (1 + (next() - 0.5) * 0.02)));
      const close = Math.max(100, Math.round(open * (1 + (next() - 0.5) * 0.06)));
      const high = Math.max(open, close) + Math.round(next() * prev * 0.01);
      const low = Math.max(50, Math.min(open, close) - Math.round(next() * prev * 0.01));
      const volume = 10_000 + Math.floor(next() * 90_000);
      last.set(s, close);
      const row = `${ts},${s},${cents(open)},${cents(high)},${cents(low)},${cents(close)},${volume}`;
      priceRows.push(row);
      bySymbol[s]!.push(row);
      if (next() < 0.15) {
        const direction = next() < 0.6 ? 'long' : 'short';
        const score = 10 + Math.floor(next() * 90);
        const regime = next() < 0.5 ? 'trend' : 'range';
        const setup = next() < 0.5 ? 'breakout' : 'pullback';
        const stop = (3 + Math.floor(next() * 10)) / 2;
        const tp = next() < 0.3 ? String(1 + Math.floor(next() * 4)) : '';
        signalRows.push(`${ts},${s},${direction},${score},${regime},${setup},${stop},${tp}`);
      }
      if (s === 'AAA' || s === 'CCC') {
        fundingRows.push(`${ts}T08:00:00Z,${s},${((Math.floor(next() * 21) - 10) / 100_000).toString()}`);
      }
    }
  }
  return { priceRows, bySymbol, signalRows, fundingRows };
}

/** Rows of each timestamp shuffled (deterministically), keeping timestamps in order. */
export function shuffleWithinTimestamps(rows: readonly string[], seed = 7): string[] {
  const next = rng(seed);
  const out: string[] = [];
  let group: string[] = [];
  const flush = (): void => {
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    out.push(...group);
    group = [];
  };
  for (const row of rows) {
    if (group.length > 0 && row.slice(0, row.indexOf(',')) !== group[0]!.slice(0, group[0]!.indexOf(','))) flush();
    group.push(row);
  }
  flush();
  return out;
}

export const SCENARIO_YAML = [
  'name: generated',
  'seed: 11',
  'risk:',
  '  auction_max_positions: 3',
  '  auction_swap_threshold: 5',
  '  auction_min_hold_minutes: 0',
  '  auction_direction_concentration_penalty: 0',
  'sim:',
  '  compare_baseline: true',
  '  slippage_jitter_bps: 1',
  'data:',
  '  prices: prices.csv',
  '  signals: signals.csv',
  '  funding: funding.csv',
  '',
].join('\n');

/** Writes `files` (name → text) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

const lines = (header: string, rows: readonly string[]): string => [header, ...rows].join('\n') + '\n';

/** The files of a scenario folder on the market: scenario.yaml, prices.csv, signals.csv, funding.csv. */
export function scenarioFiles(m: Market, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'scenario.yaml': SCENARIO_YAML,
    'prices.csv': lines(PRICE_HEADER, m.priceRows),
    'signals.csv': lines(SIGNAL_HEADER, m.signalRows),
    'funding.csv': lines('ts,symbol,rate', m.fundingRows),
    ...overrides,
  };
}

export { lines as csvText };

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with stdout and stderr captured (and kept off the test output). */
export async function cli(argv: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (sink: string[]) => (chunk: unknown, ...rest: unknown[]): boolean => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out) as typeof process.stdout.write);
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err) as typeof process.stderr.write);
  try {
    const code = await runCli(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
}

/** Every file under `dir` (relative paths, sorted) with its bytes. */
export function folderBytes(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (sub: string): void => {
    for (const name of readdirSync(path.join(dir, sub)).sort()) {
      const rel = sub === '' ? name : `${sub}/${name}`;
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else files.set(rel, readFileSync(path.join(dir, rel)));
    }
  };
  walk('');
  return files;
}

/** Entries beside `outDir` that look like its temporary folder. */
export function tempLeftovers(outDir: string): string[] {
  const parent = path.dirname(outDir);
  if (!existsSync(parent)) return [];
  const base = path.basename(outDir);
  return readdirSync(parent).filter((n) => n.startsWith(`.${base}`) || (n.startsWith(base) && n !== base));
}

/** Sum of a numeric column of a CSV text (no quoted commas in these columns). */
export function columnSum(csv: string, column: string): number {
  const [header, ...rows] = csv.trimEnd().split('\n');
  const k = header!.split(',').indexOf(column);
  if (k < 0) throw new Error(`no column ${column}`);
  return rows.reduce((sum, row) => sum + Number(row.split(',')[k]), 0);
}
