// Where CSV rows come from: the source description, files and folders, gzip, and the row stream (fast path, csv-parse fallback).

import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, Parser } from 'csv-parse';
import { InputError, type InputIssue } from './inputError.js';
import { PlainRow, scanPlainLines, type CellLocation, type RowSink, type RowView } from './csvFastPath.js';
import { parseUtcOffsetMs } from './timestamps.js';

/** One CSV input as a scenario describes it. */
export interface CsvSource {
  /** Absolute path of a file or of a folder of `*.csv` / `*.csv.gz` files. */
  readonly path: string;
  /** The name used in messages (relative, as the user wrote it). */
  readonly displayPath: string;
  /** Our column name -> the header name in the file, for columns named differently. */
  readonly columns?: Readonly<Record<string, string>>;
  /** Offset from UTC of timestamps written without a zone, like `+03:00`. */
  readonly utcOffset?: string;
  /** `adjusted_close`: scale open, high, low and close by adjusted_close / close on each row. */
  readonly adjust?: 'adjusted_close';
  /** Regex with one capture group, applied to the file's base name when the file has no symbol column. */
  readonly symbolPattern?: string;
  /** `open`: rows are stamped at the bar's open, so barMinutes is added to make tsMs the bar's close. */
  readonly tsLabel?: 'close' | 'open';
  readonly barMinutes?: number;
  /** Round timestamps to the nearest multiple of this many minutes (e.g. funding rows a few ms late). */
  readonly roundTsMinutes?: number;
}

/** Receives a file's rows, and the read or parse error that ends a scan early. */
export interface CsvSink extends RowSink {
  readError(issue: InputIssue): void;
  /**
   * Optional: takes plain lines buf[from, to) itself instead of row by row (a faster parser for one layout);
   * returns the line number after the last line, as scanPlainLines does.
   */
  scanPlain?(buf: Buffer, from: number, to: number, line: number): number;
}

/** One file to read, with the source it came from. */
export interface CsvFile {
  readonly path: string;
  /** displayPath of the source, or displayPath/base name for a file of a folder. */
  readonly displayPath: string;
  readonly baseName: string;
  readonly source: CsvSource;
}

/** How a source's raw timestamps become tsMs: shift zone-less values, round, then move open stamps to the close. */
export interface TimeRule {
  readonly zoneOffsetMs: number;
  /** 0: no rounding. */
  readonly roundMs: number;
  readonly shiftMs: number;
}

/**
 * Read sizes, and from what total size price files are read on a worker thread (below it, starting the thread
 * costs more than it saves). Tests shrink them to put chunk boundaries everywhere and to take either path.
 */
export const csvScanTuning = { chunkBytes: 1 << 20, manyFilesChunkBytes: 1 << 16, workerMinBytes: 32 << 20 };

const CSV_NAME = /\.csv(\.gz)?$/i;

/** The files of a source: the file itself, or the folder's CSV files sorted by name. */
export async function resolveCsvFiles(source: CsvSource): Promise<CsvFile[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(source.path)).isDirectory();
  } catch {
    throw new InputError([{ file: source.displayPath, message: 'no such file or folder' }]);
  }
  if (!isFolder) {
    return [{ path: source.path, displayPath: source.displayPath, baseName: path.basename(source.path), source }];
  }
  const names = (await readdir(source.path, { withFileTypes: true }))
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && CSV_NAME.test(e.name)) // data folders are often links
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) {
    throw new InputError([{ file: source.displayPath, message: 'the folder has no .csv or .csv.gz files' }]);
  }
  const folder = source.displayPath.replace(/\/+$/, '');
  return names.map((name) => ({
    path: path.join(source.path, name),
    displayPath: `${folder}/${name}`,
    baseName: name,
    source,
  }));
}

/** The source's time settings, or the issues with them. */
export function timeRuleOf(source: CsvSource): TimeRule | InputIssue[] {
  const issues: InputIssue[] = [];
  const file = source.displayPath;
  let zoneOffsetMs = 0;
  if (source.utcOffset !== undefined) {
    zoneOffsetMs = parseUtcOffsetMs(source.utcOffset);
    if (Number.isNaN(zoneOffsetMs)) {
      issues.push({ file, field: 'utc_offset', message: `expected an offset like "+03:00", was ${quote(source.utcOffset)}` });
    }
  }
  let roundMs = 0;
  if (source.roundTsMinutes !== undefined) {
    if (!(source.roundTsMinutes > 0 && Number.isFinite(source.roundTsMinutes))) {
      issues.push({ file, field: 'round_ts_minutes', message: `expected a number of minutes > 0, was ${source.roundTsMinutes}` });
    }
    roundMs = source.roundTsMinutes * 60_000;
  }
  let shiftMs = 0;
  if (source.tsLabel === 'open') {
    const minutes = source.barMinutes;
    if (minutes === undefined || !(minutes > 0 && Number.isFinite(minutes))) {
      issues.push({ file, field: 'bar_minutes', message: 'ts_label "open" needs bar_minutes > 0 (the bar length)' });
    } else shiftMs = minutes * 60_000;
  }
  return issues.length > 0 ? issues : { zoneOffsetMs, roundMs, shiftMs };
}

/** The symbol a file without a symbol column stands for: the symbol_pattern's group, or the name minus .csv(.gz). */
export function symbolFromFileName(file: CsvFile): string | InputIssue {
  const pattern = file.source.symbolPattern;
  if (pattern === undefined) return file.baseName.replace(CSV_NAME, '');
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (e) {
    return { file: file.displayPath, field: 'symbol_pattern', message: `not a valid regular expression: ${(e as Error).message}` };
  }
  const m = re.exec(file.baseName);
  const symbol = m?.[1];
  if (symbol === undefined || symbol === '') {
    return {
      file: file.displayPath,
      field: 'symbol_pattern',
      message: `the file has no symbol column and its name does not give one through ${quote(pattern)} (need one capture group)`,
    };
  }
  return symbol;
}

/** Cell text for messages: quoted, escaped, shortened. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** A row of the csv-parse path, laid out like a plain row (fields copied into one buffer) so one checker serves both. */
class ParsedRow implements RowView {
  bytes: Buffer = Buffer.alloc(0);
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  fieldCount = 0;
  line = 0;
  private raw = '';

  set(fields: readonly string[], raw: string, endLine: number): void {
    // csv-parse's raw text can carry the previous record's line ending in front; drop it and any trailing one.
    this.raw = raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
    this.line = endLine - (this.raw.match(/\n/g)?.length ?? 0);
    if (this.starts.length < fields.length) {
      this.starts = new Int32Array(fields.length * 2);
      this.ends = new Int32Array(fields.length * 2);
    }
    const parts = fields.map((f) => Buffer.from(f, 'utf8'));
    let at = 0;
    parts.forEach((p, i) => {
      this.starts[i] = at;
      at += p.length;
      this.ends[i] = at;
    });
    this.bytes = Buffer.concat(parts, at);
    this.fieldCount = fields.length;
  }

  locate(field: number): CellLocation {
    const raw = this.raw;
    let line = this.line;
    let lineStart = 0;
    let inQuotes = false;
    let f = 0;
    for (let i = 0; i < raw.length && f < field; i++) {
      const c = raw[i];
      if (c === '"') inQuotes = !inQuotes;
      else if (c === ',' && !inQuotes) {
        f++;
        if (f === field) return { line, column: Array.from(raw.slice(lineStart, i + 1)).length + 1 };
      } else if (c === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: 1 };
  }

  text(field: number): string {
    return this.bytes.toString('utf8', this.starts[field], this.ends[field]);
  }
}

interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
  readonly info: { readonly lines: number };
}

/** How often the csv-parse path hands control back, in records, so a merge reading this file stays bounded. */
const FALLBACK_YIELD_RECORDS = 8192;

/**
 * The rest of a file through csv-parse, from `first` (which starts at a line boundary, line `firstLine`) and the
 * chunks still to come. Used once a chunk holds a quote: quoted fields can hold commas and line breaks.
 */
async function* scanWithCsvParse(
  file: CsvFile,
  first: Buffer,
  chunks: AsyncIterator<Buffer>,
  sink: CsvSink,
  firstLine: number,
): AsyncGenerator<void> {
  const parser = new Parser({ raw: true, info: true, relax_column_count: true, skip_empty_lines: true, bom: false });
  async function* feed(): AsyncGenerator<Buffer> {
    yield first;
    for (;;) {
      const next = await chunks.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  const input = Readable.from(feed(), { objectMode: false });
  pipeline(input, parser, () => undefined); // errors surface through the parser's iterator below
  const row = new ParsedRow();
  const records = (parser as AsyncIterable<ParsedRecord>)[Symbol.asyncIterator]();
  let count = 0;
  try {
    for (;;) {
      let next: IteratorResult<ParsedRecord>;
      try {
        next = await records.next();
      } catch (e) {
        // Only what parsing or reading throws is the input's fault; errors of the sink are not caught here.
        if (e instanceof CsvError) {
          const line = typeof e.lines === 'number' ? e.lines + firstLine - 1 : undefined;
          const message = e.message.replace(/ at line \d+/, '');
          sink.readError({ file: file.displayPath, ...(line !== undefined ? { line } : {}), message: `malformed CSV: ${message}` });
        } else sink.readError(readIssue(file, e));
        break;
      }
      if (next.done === true) break;
      row.set(next.value.record, next.value.raw, next.value.info.lines + firstLine - 1);
      sink.row(row);
      if (++count % FALLBACK_YIELD_RECORDS === 0) yield;
    }
  } finally {
    parser.destroy();
    input.destroy();
  }
  yield;
}

function readIssue(file: CsvFile, e: unknown): InputIssue {
  const message = e instanceof Error ? e.message : String(e);
  return { file: file.displayPath, message: `cannot read the file: ${message}` };
}

/**
 * Streams the rows of one file into the sink, the header first, yielding after each chunk so the caller can
 * take what the chunk produced. Plain chunks are split byte by byte; from the first chunk holding a quote on,
 * the rest of the file goes through csv-parse (switching at a line boundary, where no field can be open).
 * Read and gzip errors go to `sink.readError` and end the scan.
 */
export async function* scanRows(
  file: CsvFile,
  sink: CsvSink,
  chunkBytes = csvScanTuning.chunkBytes,
): AsyncGenerator<void> {
  const raw = createReadStream(file.path, { highWaterMark: chunkBytes });
  const stream = /\.gz$/i.test(file.path)
    ? pipeline(raw, createGunzip({ chunkSize: Math.max(64, chunkBytes) }), () => undefined)
    : raw;
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const row = new PlainRow();
  const scanPlain = (buf: Buffer, from: number, to: number, line: number): number =>
    sink.scanPlain !== undefined ? sink.scanPlain(buf, from, to, line) : scanPlainLines(buf, from, to, row, sink, line);
  let line = 1;
  let leftover: Buffer | undefined;
  let first = true;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (e) {
        sink.readError(readIssue(file, e));
        return;
      }
      if (next.done === true) break;
      let chunk = next.value;
      if (first) {
        first = false;
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3); // UTF-8 BOM
      }
      if (chunk.indexOf(34) !== -1) {
        yield* scanWithCsvParse(file, leftover ? Buffer.concat([leftover, chunk]) : chunk, chunks, sink, line);
        return;
      }
      const lastNewline = chunk.lastIndexOf(10);
      if (lastNewline === -1) {
        leftover = leftover ? Buffer.concat([leftover, chunk]) : chunk;
        continue;
      }
      let from = 0;
      if (leftover) {
        // Finish the line split across chunks on its own, so the big chunk is never copied.
        const newline = chunk.indexOf(10);
        const joined = Buffer.concat([leftover, chunk.subarray(0, newline + 1)]);
        line = scanPlain(joined, 0, joined.length, line);
        from = newline + 1;
      }
      line = scanPlain(chunk, from, lastNewline + 1, line);
      leftover = lastNewline + 1 < chunk.length ? chunk.subarray(lastNewline + 1) : undefined;
      yield;
    }
    if (leftover) {
      scanPlain(leftover, 0, leftover.length, line);
      yield;
    }
  } finally {
    stream.destroy();
    raw.destroy();
  }
}
