// The CSV readers: prices streamed and k-way merged into time slices, signals and funding as sorted arrays; all strict.

import type { Bar, BarSlice, FundingRow, SignalRow } from '../sim/types.js';
import { InputError, type InputIssue } from './inputError.js';
import { compareText, SymbolTable } from './csvFastPath.js';
import { IssueList, type FileChecker, type Located, type PreparedFile } from './csvCheck.js';
import { PriceChecker, type PriceBatch } from './csvPriceRows.js';
import { FundingChecker, SignalChecker } from './csvTableRows.js';
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
 * The accepted bars of one prices file, a chunk at a time (the same batch object, refilled). After the first
 * problem nothing more is handed out: the rest of the file is scanned for more problems, then all are thrown.
 */
async function* priceBatches(checker: PriceChecker, chunkBytes: number): AsyncGenerator<PriceBatch> {
  for await (const _ of scanRows(checker.file, checker, chunkBytes)) {
    if (checker.issues.count === 0 && checker.batch.n > 0) {
      yield checker.batch;
      checker.batch.n = 0; // the consumer asked for more, so it is done with this batch
    }
  }
  checker.finish();
}

/** A file's position in the merge: its current batch and row. */
class Cursor {
  batch: PriceBatch | undefined;
  i = 0;
  /** tsMs of the current row (kept here for the heap's many comparisons). */
  key = Number.POSITIVE_INFINITY;

  constructor(
    readonly gen: AsyncGenerator<PriceBatch>,
    readonly order: number,
  ) {}

  /** The next batch; false at the end of the file. */
  async advance(): Promise<boolean> {
    const next = await this.gen.next();
    this.batch = next.done === true ? undefined : next.value;
    this.i = 0;
    this.key = this.batch !== undefined ? this.batch.tsMs[0] : Number.POSITIVE_INFINITY;
    return this.batch !== undefined;
  }
}

/** Heap order: the earlier current row first, then the earlier file (so merges are deterministic). */
function before(a: Cursor, b: Cursor): boolean {
  return a.key < b.key || (a.key === b.key && a.order < b.order);
}

function siftDown(heap: Cursor[], at: number): void {
  const n = heap.length;
  const item = heap[at];
  for (;;) {
    const left = 2 * at + 1;
    if (left >= n) break;
    const right = left + 1;
    const child = right < n && before(heap[right], heap[left]) ? right : left;
    if (!before(heap[child], item)) break;
    heap[at] = heap[child];
    at = child;
  }
  heap[at] = item;
}

/**
 * Puts one slice's bars in symbol order. Bars of one file arrive in its row order, so a file already in symbol
 * order costs one pass; otherwise sort, and a symbol from two files at one time is a cross-file duplicate.
 */
function inSymbolOrder(bars: Bar[], ids: number[], from: number[], lines: number[], symbols: SymbolTable, files: readonly PreparedFile[]): Bar[] {
  const rank = symbols.ranks();
  let sorted = true;
  for (let j = 1; j < ids.length && sorted; j++) sorted = rank[ids[j - 1]] < rank[ids[j]];
  if (sorted) return bars;
  const order = ids.map((_, j) => j).sort((a, b) => rank[ids[a]] - rank[ids[b]] || (from[a] ?? 0) - (from[b] ?? 0));
  const issues: InputIssue[] = [];
  for (let k = 1; k < order.length; k++) {
    const a = order[k - 1];
    const b = order[k];
    if (ids[a] !== ids[b]) continue;
    issues.push({
      file: files[from[b]].displayPath,
      line: lines[b],
      field: 'symbol',
      message: `duplicate bar for ${symbols.names[ids[b]]} at ${formatTsMs(bars[b].tsMs)}: ${files[from[a]].displayPath} line ${lines[a]} has one too`,
    });
  }
  if (issues.length > 0) throw new InputError(issues);
  return order.map((j) => bars[j]);
}

/** k-way merge of price files into slices; each file holds at most one batch in memory. */
async function* mergePriceFiles(filesToRead: () => Promise<readonly PreparedFile[]>, symbols: SymbolTable): AsyncGenerator<BarSlice> {
  const files = await filesToRead(); // on the first next(), so a rejection always has a taker
  // With one file there is no cross-file duplicate to name, so where each bar came from need not be kept.
  const several = files.length > 1;
  const chunkBytes = files.length > 16 ? csvScanTuning.manyFilesChunkBytes : csvScanTuning.chunkBytes;
  const cursors = files.map((file, k) => new Cursor(priceBatches(new PriceChecker(file, symbols), chunkBytes), k));
  try {
    // Start every file at once (their reads overlap), but report the first failing file in file order.
    const started = await Promise.allSettled(cursors.map((c) => c.advance()));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const heap = cursors.filter((c) => c.batch !== undefined);
    for (let k = (heap.length >> 1) - 1; k >= 0; k--) siftDown(heap, k);
    const names = symbols.names;
    const ids: number[] = [];
    const from: number[] = [];
    const lines: number[] = [];
    while (heap.length > 0) {
      const tsMs = heap[0].key;
      const bars: Bar[] = [];
      ids.length = 0;
      from.length = 0;
      lines.length = 0;
      while (heap.length > 0) {
        const c = heap[0];
        if (c.key !== tsMs) break;
        // Take this file's rows of tsMs, which may run on into its next batch.
        for (let b = c.batch; b !== undefined; b = (await c.advance()) ? c.batch : undefined) {
          let i = c.i;
          const n = b.n;
          while (i < n && b.tsMs[i] === tsMs) {
            const id = b.symbol[i];
            bars.push({ tsMs, symbol: names[id], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i] });
            ids.push(id);
            if (several) {
              from.push(c.order);
              lines.push(b.line[i]);
            }
            i++;
          }
          c.i = i;
          if (i < n) {
            c.key = b.tsMs[i];
            break;
          }
        }
        if (c.batch === undefined) {
          const last = heap.pop()!;
          if (heap.length > 0) {
            heap[0] = last;
            siftDown(heap, 0);
          }
        } else siftDown(heap, 0);
      }
      yield { tsMs, bars: inSymbolOrder(bars, ids, from, lines, symbols, files) };
    }
  } finally {
    await Promise.allSettled(cursors.map((c) => c.gen.return(undefined)));
  }
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

  const overlapping = new Set<number>();
  for (let id = 0; id < symbols.size; id++) {
    const spans = checkers
      .map((c, k) => ({ k, first: c.firstTsMs[id], last: c.lastTsMs[id] }))
      .filter((s) => s.first !== undefined)
      .sort((a, b) => a.first - b.first);
    for (let j = 1; j < spans.length; j++) {
      if (spans[j].first <= spans[j - 1].last) overlapping.add(spans[j - 1].k).add(spans[j].k);
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
  const ids = new Map<string, string>();
  await scanSmallFiles(files, (file) => new SignalChecker(file, symbols, rows, ids, options.knownSymbols));
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
