// Benchmark of CSV price ingestion: generates a deterministic prices file, times readPrices, and csv-parse alone for scale.

import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import { readPrices } from '../io/csv.js';

export interface CsvIngestOptions {
  /** Data rows in the generated file. */
  readonly rows: number;
  /** Folder for the generated files (kept, and reused by later runs with the same shape). */
  readonly dir: string;
  /** Symbols per timestamp; default 100. */
  readonly symbols?: number;
  /** How ts is written; default epoch seconds. */
  readonly tsFormat?: 'epoch' | 'iso';
  /** Timed runs of readPrices; the median is reported. Default 3. */
  readonly runs?: number;
  /** Rows of the csv-parse comparison file; default 1,000,000 (capped at rows). */
  readonly compareRows?: number;
}

export interface CsvIngestResult {
  readonly rows: number;
  readonly bytes: number;
  readonly file: string;
  /** Seconds of each readPrices run over the whole file. */
  readonly runSeconds: readonly number[];
  readonly medianSeconds: number;
  /** rows / median seconds. */
  readonly rowsPerSec: number;
  readonly mbPerSec: number;
  /** readPrices on the comparison file. */
  readonly compareReadPricesRowsPerSec: number;
  /** csv-parse alone (records as string arrays, no checks) on the comparison file. */
  readonly csvParseRowsPerSec: number;
  /** compareReadPricesRowsPerSec / csvParseRowsPerSec. */
  readonly speedupOverCsvParse: number;
}

/** A 32-bit linear congruential generator (Numerical Recipes constants): deterministic and fast enough. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

const START_TS_S = 1_577_836_800; // 2020-01-01T00:00:00Z
const BAR_SECONDS = 60;

/** Writes `rows` rows (rows / symbols timestamps of one bar each per symbol) unless the file is already there. */
async function generate(file: string, rows: number, symbolCount: number, tsFormat: 'epoch' | 'iso'): Promise<void> {
  try {
    await stat(file);
    return; // written by an earlier run: the content only depends on the name's parameters
  } catch {
    // not there yet
  }
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    const random = lcg(20_240_501);
    const names = Array.from({ length: symbolCount }, (_, k) => `S${String(k).padStart(3, '0')}`);
    const last = names.map(() => 50 + random() * 150);
    let text = 'ts,symbol,open,high,low,close,volume\n';
    for (let r = 0; r < rows; r++) {
      const k = r % symbolCount;
      const bar = Math.floor(r / symbolCount);
      const tsS = START_TS_S + bar * BAR_SECONDS;
      const ts = tsFormat === 'epoch' ? String(tsS) : new Date(tsS * 1000).toISOString().replace('.000Z', 'Z');
      const open = last[k];
      const close = Math.max(1, open * (1 + (random() - 0.5) * 0.004));
      const high = Math.max(open, close) * (1 + random() * 0.001);
      const low = Math.min(open, close) * (1 - random() * 0.001);
      last[k] = close;
      const volume = Math.floor(random() * 100_000);
      text += `${ts},${names[k]},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${volume}\n`;
      if (text.length > 1 << 20) {
        await handle.write(text);
        text = '';
      }
    }
    await handle.write(text);
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

async function timeReadPrices(file: string): Promise<{ seconds: number; bars: number }> {
  const t0 = performance.now();
  let bars = 0;
  for await (const slice of readPrices([{ path: file, displayPath: path.basename(file) }])) bars += slice.bars.length;
  return { seconds: (performance.now() - t0) / 1000, bars };
}

async function timeCsvParse(file: string): Promise<{ seconds: number; records: number }> {
  const t0 = performance.now();
  let records = 0;
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse())) records++;
  return { seconds: (performance.now() - t0) / 1000, records: records - 1 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Generates the files (once), then times readPrices over the whole file and both readers on the comparison file. */
export async function benchCsvIngest(opts: CsvIngestOptions): Promise<CsvIngestResult> {
  const symbols = opts.symbols ?? 100;
  const tsFormat = opts.tsFormat ?? 'epoch';
  const runs = opts.runs ?? 3;
  const compareRows = Math.min(opts.compareRows ?? 1_000_000, opts.rows);
  await mkdir(opts.dir, { recursive: true });
  const file = path.join(opts.dir, `prices-${opts.rows}-${symbols}-${tsFormat}.csv`);
  const compareFile = path.join(opts.dir, `prices-${compareRows}-${symbols}-${tsFormat}.csv`);
  await generate(file, opts.rows, symbols, tsFormat);
  await generate(compareFile, compareRows, symbols, tsFormat);

  const runSeconds: number[] = [];
  for (let k = 0; k < runs; k++) {
    const { seconds, bars } = await timeReadPrices(file);
    if (bars !== opts.rows) throw new Error(`readPrices returned ${bars} bars, expected ${opts.rows}`);
    runSeconds.push(seconds);
  }
  const compareOurs = await timeReadPrices(compareFile);
  const compareTheirs = await timeCsvParse(compareFile);
  if (compareTheirs.records !== compareRows) throw new Error(`csv-parse read ${compareTheirs.records} rows, expected ${compareRows}`);
  const medianSeconds = median(runSeconds);
  const bytes = (await stat(file)).size;
  const compareReadPricesRowsPerSec = compareRows / compareOurs.seconds;
  const csvParseRowsPerSec = compareRows / compareTheirs.seconds;
  return {
    rows: opts.rows,
    bytes,
    file,
    runSeconds,
    medianSeconds,
    rowsPerSec: opts.rows / medianSeconds,
    mbPerSec: bytes / 1e6 / medianSeconds,
    compareReadPricesRowsPerSec,
    csvParseRowsPerSec,
    speedupOverCsvParse: compareReadPricesRowsPerSec / csvParseRowsPerSec,
  };
}
