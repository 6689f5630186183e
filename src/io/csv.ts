// The CSV readers: prices streamed as time slices, signals and funding as sorted arrays; every cell checked, all issues at once.

import type { BarSlice, FundingRow, SignalRow } from '../sim/types.js';
import { InputError } from './inputError.js';
import { compareText, SymbolTable } from './csvFastPath.js';
import { IssueList, type FileChecker, type Located, type PreparedFile } from './csvCheck.js';
import { mergePriceFiles, priceBatches } from './csvMerge.js';
import { PriceChecker } from './csvPriceRows.js';
import { FundingChecker, SignalChecker, type FirstSeen } from './csvTableRows.js';
import { csvScanTuning, resolveCsvFiles, scanRows, timeRuleOf, type CsvSource } from './csvSource.js';
import { formatTsMs } from './timestamps.js';

export type { CsvSource } from './csvSource.js';

/** What a full scan of the prices learns. */
export interface PriceSummary {
  /** Bars in all files. */
  readonly rows: number;
  /** Every symbol with bars, in code-unit order. */
  readonly symbols: string[];
  readonly firstTsMs: number;
  readonly lastTsMs: number;
}

/** Every file of the sources, each with its source's time rule; all source and folder problems at once. */
async function prepareFiles(sources: readonly CsvSource[]): Promise<PreparedFile[]> {
  const issues = new IssueList();
  const files: PreparedFile[] = [];
  for (const source of sources) {
    const time = timeRuleOf(source);
    if (Array.isArray(time)) {
      time.forEach((issue) => issues.add(issue));
      continue;
    }
    try {
      for (const file of await resolveCsvFiles(source)) files.push({ ...file, time });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.addError(e);
    }
  }
  issues.throwIfAny();
  return files;
}

/**
 * Streams the bars of all sources as time slices: every bar of one tsMs, sorted by symbol. A folder source is
 * all its `*.csv` / `*.csv.gz` files; files are merged by time. A problem in a file throws one InputError with
 * every problem of that file, before any slice at or after the problem is yielded.
 */
export function readPrices(sources: readonly CsvSource[]): AsyncGenerator<BarSlice> {
  // Not itself a generator: a `yield*` layer would cost a promise per slice.
  return mergePriceFiles(() => prepareFiles(sources), new SymbolTable());
}

/**
 * Checks every price file (all problems of all files at once) and returns what the data holds. Files are read
 * one by one; the merge runs only over files that share a symbol over overlapping times, where a bar could be
 * duplicated across files.
 */
export async function validatePrices(sources: readonly CsvSource[]): Promise<PriceSummary> {
  const files = await prepareFiles(sources);
  const symbols = new SymbolTable();
  const issues = new IssueList();
  const checkers: PriceChecker[] = [];
  for (const file of files) {
    const checker = new PriceChecker(file, symbols);
    checkers.push(checker);
    try {
      for await (const batch of priceBatches(checker, csvScanTuning.chunkBytes)) batch.n = 0;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.addError(e);
    }
  }
  issues.throwIfAny();

  // Per symbol, the files' time spans; files in a cluster of overlapping spans are merged to look for duplicates.
  const spans: { k: number; first: number; last: number }[][] = symbols.names.map(() => []);
  checkers.forEach((c, k) => c.firstTsMs.forEach((first, id) => spans[id].push({ k, first, last: c.lastTsMs[id] })));
  const overlapping = new Set<number>();
  for (const list of spans) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.first - b.first);
    let cluster = [list[0].k];
    let clusterLast = list[0].last;
    for (let j = 1; j <= list.length; j++) {
      if (j < list.length && list[j].first <= clusterLast) {
        cluster.push(list[j].k);
        clusterLast = Math.max(clusterLast, list[j].last);
        continue;
      }
      if (cluster.length > 1) cluster.forEach((k) => overlapping.add(k));
      if (j < list.length) {
        cluster = [list[j].k];
        clusterLast = list[j].last;
      }
    }
  }
  if (overlapping.size > 0) {
    const suspects = files.filter((_, k) => overlapping.has(k));
    for await (const _ of mergePriceFiles(() => Promise.resolve(suspects), new SymbolTable())) {
      // Draining is the check: the merge throws at the first cross-file duplicate.
    }
  }

  let firstTsMs = Number.POSITIVE_INFINITY;
  let lastTsMs = Number.NEGATIVE_INFINITY;
  for (const c of checkers) {
    for (const t of c.firstTsMs) if (t !== undefined && t < firstTsMs) firstTsMs = t;
    for (const t of c.lastTsMs) if (t !== undefined && t > lastTsMs) lastTsMs = t;
  }
  return {
    rows: checkers.reduce((sum, c) => sum + c.rows, 0),
    symbols: [...symbols.names].sort(compareText),
    firstTsMs,
    lastTsMs,
  };
}

/** Scans small files into the checkers' shared lists; every problem of every file at once. */
async function scanSmallFiles(files: readonly PreparedFile[], make: (file: PreparedFile) => FileChecker): Promise<void> {
  const issues = new IssueList();
  for (const file of files) {
    const checker = make(file);
    try {
      for await (const _ of scanRows(file, checker)) {
        // The checker keeps the rows.
      }
      checker.finish();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.addError(e);
    }
  }
  issues.throwIfAny();
}

function byTimeThenSymbol<T extends { readonly tsMs: number; readonly symbol: string }>(a: Located<T>, b: Located<T>): number {
  return a.row.tsMs - b.row.tsMs || compareText(a.row.symbol, b.row.symbol);
}

export interface ReadSignalsOptions {
  /** When given, a signal whose symbol is not in the set is an error (every signal needs prices). */
  readonly knownSymbols?: ReadonlySet<string>;
}

/** Reads and checks a signals file (or folder), sorted by ts then symbol (file order among equals). */
export async function readSignals(source: CsvSource, options: ReadSignalsOptions = {}): Promise<SignalRow[]> {
  const files = await prepareFiles([source]);
  const symbols = new SymbolTable();
  const rows: Located<SignalRow>[] = [];
  const ids = new Map<string, FirstSeen>();
  await scanSmallFiles(files, (file) => new SignalChecker(file, symbols, rows, ids, options.knownSymbols, files.length > 1));
  return rows.sort(byTimeThenSymbol).map((r) => r.row);
}

/** Reads and checks a funding file (or folder), sorted by ts then symbol; (ts, symbol) must be unique. */
export async function readFunding(source: CsvSource): Promise<FundingRow[]> {
  const files = await prepareFiles([source]);
  const symbols = new SymbolTable();
  const rows: Located<FundingRow>[] = [];
  await scanSmallFiles(files, (file) => new FundingChecker(file, symbols, rows));
  rows.sort(byTimeThenSymbol);
  // Within a file the checker caught duplicates; across the files of a folder they meet only here.
  const issues = new IssueList();
  for (let k = 1; k < rows.length; k++) {
    const a = rows[k - 1];
    const b = rows[k];
    if (a.row.tsMs !== b.row.tsMs || a.row.symbol !== b.row.symbol) continue;
    issues.add({
      file: b.file,
      line: b.line,
      field: 'symbol',
      message: `duplicate funding row for ${b.row.symbol} at ${formatTsMs(b.row.tsMs)}: ${a.file} line ${a.line} has one too`,
    });
  }
  issues.throwIfAny();
  return rows.map((r) => r.row);
}
