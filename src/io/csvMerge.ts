// The merge of price files by time into slices of bars in symbol order, one batch per file in memory.

import { stat } from 'node:fs/promises';
import type { Bar, BarSlice } from '../sim/types.js';
import { InputError, type InputIssue } from './inputError.js';
import type { SymbolTable } from './csvFastPath.js';
import type { PreparedFile } from './csvCheck.js';
import { PriceChecker, type PriceBatch } from './csvPriceRows.js';
import { csvScanTuning, scanRows } from './csvSource.js';
import { PriceReadClient } from './priceReadClient.js';
import { formatTsMs } from './timestamps.js';

/**
 * The accepted bars of one prices file, a chunk at a time (the same batch object, refilled). After the first
 * problem nothing more is handed out: the rest of the file is scanned for more problems, then all are thrown.
 */
export async function* priceBatches(checker: PriceChecker, chunkBytes: number): AsyncGenerator<PriceBatch> {
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
  /** tsMs of the current row. */
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

/** A binary min-heap of distinct times. */
class TimeHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(t: number): void {
    const a = this.items;
    let at = a.length;
    a.push(t);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (a[parent] <= t) break;
      a[at] = a[parent];
      at = parent;
    }
    a[at] = t;
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= n) break;
        const child = left + 1 < n && a[left + 1] < a[left] ? left + 1 : left;
        if (a[child] >= last) break;
        a[at] = a[child];
        at = child;
      }
      a[at] = last;
    }
    return top;
  }
}

/** Sorts cursors by file order; the groups are nearly sorted already, where insertion sort is linear. */
function sortByOrder(group: Cursor[]): void {
  for (let j = 1; j < group.length; j++) {
    const c = group[j];
    let k = j - 1;
    while (k >= 0 && group[k].order > c.order) {
      group[k + 1] = group[k];
      k--;
    }
    group[k + 1] = c;
  }
}

/** The bars of the slice being built, with the symbol id, file and line of each (kept out of the async code). */
class SliceBuilder {
  tsMs = 0;
  bars: Bar[] = [];
  readonly ids: number[] = [];
  readonly from: number[] = [];
  readonly lines: number[] = [];

  constructor(
    private readonly names: readonly string[],
    /** With one file there is no cross-file duplicate to name, so where each bar came from need not be kept. */
    private readonly several: boolean,
  ) {}

  start(tsMs: number): void {
    this.tsMs = tsMs;
    this.bars = [];
    this.ids.length = 0;
    this.from.length = 0;
    this.lines.length = 0;
  }

  /** Takes the cursor's rows at tsMs; true when its batch ran out (the next one may hold more). */
  take(c: Cursor): boolean {
    const b = c.batch;
    if (b === undefined) return false;
    const tsMs = this.tsMs;
    const n = b.n;
    let i = c.i;
    while (i < n && b.tsMs[i] === tsMs) {
      const id = b.symbol[i];
      this.bars.push({ tsMs, symbol: this.names[id], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i] });
      this.ids.push(id);
      if (this.several) {
        this.from.push(c.order);
        this.lines.push(b.line[i]);
      }
      i++;
    }
    c.i = i;
    if (i === n) return true;
    c.key = b.tsMs[i];
    return false;
  }
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

/** The files' total size in bytes (0 for one that cannot be read: reading it will say why). */
async function totalBytes(files: readonly PreparedFile[]): Promise<number> {
  const sizes = await Promise.all(files.map((f) => stat(f.path).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

/** From this many files a folder is read in small chunks, on this thread (see mergePriceFiles). */
const MANY_FILES = 16;

/**
 * Merges price files by time into slices; each file holds at most one batch in memory (two when a worker reads
 * them: one read ahead). A few files of csvScanTuning.workerMinBytes or more in all are read on a worker thread.
 * A folder of many files is not: every file would keep a second batch in flight, and with a few thousand files
 * that is hundreds of megabytes (the S&P 500's 504 files: about 90 MB more for 15 % less time).
 */
export async function* mergePriceFiles(filesToRead: () => Promise<readonly PreparedFile[]>, symbols: SymbolTable): AsyncGenerator<BarSlice> {
  const files = await filesToRead(); // on the first next(), so a rejection always has a taker
  const several = files.length > 1;
  const many = files.length > MANY_FILES;
  const chunkBytes = many ? csvScanTuning.manyFilesChunkBytes : csvScanTuning.chunkBytes;
  const onWorker = !many && (await totalBytes(files)) >= csvScanTuning.workerMinBytes;
  const client = onWorker ? new PriceReadClient(files, chunkBytes) : null;
  if (client !== null) symbols = client.symbols;
  const cursors = files.map(
    (file, k) => new Cursor(client !== null ? client.batches(k) : priceBatches(new PriceChecker(file, symbols), chunkBytes), k),
  );
  try {
    // Start every file at once (their reads overlap), but report the first failing file in file order.
    const started = await Promise.allSettled(cursors.map((c) => c.advance()));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    // Files wait in groups by the time of their current row: one heap entry per distinct time, not per file,
    // so a slice costs about one step per file in it, however many files there are.
    const groups = new Map<number, Cursor[]>();
    const times = new TimeHeap();
    const enqueue = (c: Cursor): Cursor[] => {
      let group = groups.get(c.key);
      if (group === undefined) {
        group = [];
        groups.set(c.key, group);
        times.push(c.key);
      }
      group.push(c);
      return group;
    };
    for (const c of cursors) if (c.batch !== undefined) enqueue(c);
    const slice = new SliceBuilder(symbols.names, several);
    while (times.size > 0) {
      const tsMs = times.pop();
      const group = groups.get(tsMs)!;
      groups.delete(tsMs);
      sortByOrder(group);
      slice.start(tsMs);
      let nextKey = Number.NaN;
      let nextGroup: Cursor[] = [];
      for (const c of group) {
        // This file's rows of tsMs may run on into its next batch.
        while (slice.take(c)) {
          if (!(await c.advance())) break;
        }
        if (c.batch === undefined) continue;
        // Files usually move on to the same next time: skip the map lookup then.
        if (c.key === nextKey) nextGroup.push(c);
        else {
          nextGroup = enqueue(c);
          nextKey = c.key;
        }
      }
      yield { tsMs, bars: inSymbolOrder(slice.bars, slice.ids, slice.from, slice.lines, symbols, files) };
    }
  } finally {
    await Promise.allSettled(cursors.map((c) => c.gen.return(undefined)));
    await client?.close();
  }
}
