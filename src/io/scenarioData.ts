// Reading a scenario's inputs for a replay: prices checked in full first, then signals, funding and marks.

import type { FundingRow, SignalRow } from '../sim/types.js';
import { readFunding, readPrices, readSignals, validatePrices, type CsvSource, type PriceSummary } from './csv.js';
import { sha256Of } from './fileHash.js';
import type { Scenario } from './scenario.js';

/** One input file of a run, for the manifest. */
export interface InputFile {
  readonly role: 'prices' | 'signals' | 'funding' | 'marks';
  readonly path: string;
  readonly sha256: string;
}

/** Everything a replay reads: prices stay on disk and are checked as the replay streams them. */
export interface ReplayData {
  readonly prices: readonly CsvSource[];
  /** Only when the prices were checked in full up front (`auction validate`). */
  readonly summary?: PriceSummary;
  readonly signals: readonly SignalRow[];
  readonly funding: readonly FundingRow[];
  /** Mark closes at the funding settlements, when a marks file was given. */
  readonly markAt?: (symbol: string, tsMs: number) => number | undefined;
  /**
   * The input files with their sha256, for the manifest. Hashing a large prices file takes seconds, so it runs
   * while the replay reads the same file, and is awaited only when the manifest is written.
   */
  readonly inputs: Promise<readonly InputFile[]>;
}

/**
 * Reads and checks the scenario's small inputs. Prices are checked in full up front only when `fullCheck`
 * is set: a replay checks them as it streams them (a bad file aborts the run before anything is published),
 * which saves a whole pass over files of millions of rows.
 */
export async function loadReplayData(scenario: Scenario, fullCheck = false): Promise<ReplayData> {
  const { data } = scenario;
  const prices = [data.prices];
  const summary = fullCheck ? await validatePrices(prices) : undefined;
  const signals = await readSignals(data.signals, summary === undefined ? {} : { knownSymbols: new Set(summary.symbols) });
  const funding = data.funding === undefined ? [] : await readFunding(data.funding);
  const markAt = data.marks === undefined ? undefined : await markLookup(data.marks, funding);
  const inputs = inputFilesOf(scenario);
  // A failure is met where the manifest awaits it; until then it must not count as unhandled.
  inputs.catch(() => undefined);
  return { prices, ...(summary === undefined ? {} : { summary }), signals, funding, ...(markAt === undefined ? {} : { markAt }), inputs };
}

/** The scenario's input files with their sha256, all hashed at once. */
async function inputFilesOf(scenario: Scenario): Promise<readonly InputFile[]> {
  const { data } = scenario;
  const roles = [['prices', data.prices], ['signals', data.signals], ['funding', data.funding], ['marks', data.marks]] as const;
  const files = roles.flatMap(([role, source]) => (source === undefined ? [] : [{ role, source }]));
  const hashes = await Promise.all(files.map((f) => sha256Of(f.source.path)));
  return files.map((f, k) => ({ role: f.role, path: f.source.displayPath, sha256: hashes[k]! }));
}

/**
 * After a replay streamed the prices: a signal whose symbol never had a bar is bad input, reported with its
 * line by re-reading the (small) signals file against the symbols the prices held.
 */
export async function checkSignalSymbols(scenario: Scenario, data: ReplayData, symbolsWithPrices: readonly string[]): Promise<void> {
  const known = new Set(symbolsWithPrices);
  if (data.signals.every((s) => known.has(s.symbol))) return;
  await readSignals(scenario.data.signals, { knownSymbols: known });
}

/** Keeps only the mark closes stamped at a funding settlement: all that funding needs of a marks file. */
async function markLookup(marks: CsvSource, funding: readonly FundingRow[]): Promise<(symbol: string, tsMs: number) => number | undefined> {
  const wanted = new Set(funding.map((f) => `${f.symbol}\u0000${f.tsMs}`));
  const closes = new Map<string, number>();
  for await (const slice of readPrices([marks])) {
    for (const bar of slice.bars) {
      const key = `${bar.symbol}\u0000${bar.tsMs}`;
      if (wanted.has(key)) closes.set(key, bar.close);
    }
  }
  return (symbol, tsMs) => closes.get(`${symbol}\u0000${tsMs}`);
}
