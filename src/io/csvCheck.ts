// What every CSV file's checks share: the header, timestamps, symbols, time order, duplicates, and collecting issues.

import { InputError, MAX_LISTED_ISSUES, type InputIssue } from './inputError.js';
import { parseDecimal, type RowView, type SymbolTable } from './csvFastPath.js';
import { quote, symbolFromFileName, type CsvFile, type CsvSink, type TimeRule } from './csvSource.js';
import { formatTsMs, parseTimestampBytes } from './timestamps.js';

/** A file to read with its source's time rule (checked once per source). */
export interface PreparedFile extends CsvFile {
  readonly time: TimeRule;
}

/** A row kept with where it came from, for messages about rows of several files. */
export interface Located<T> {
  readonly row: T;
  readonly file: string;
  readonly line: number;
}

/** Issues of one or more files: the first MAX_LISTED_ISSUES kept, the rest counted. */
export class IssueList {
  readonly list: InputIssue[] = [];
  hidden = 0;

  get count(): number {
    return this.list.length + this.hidden;
  }

  add(issue: InputIssue): void {
    if (this.list.length < MAX_LISTED_ISSUES) this.list.push(issue);
    else this.hidden++;
  }

  addError(e: InputError): void {
    for (const issue of e.issues) this.add(issue);
    this.hidden += e.moreCount;
  }

  throwIfAny(): void {
    if (this.count > 0) throw new InputError(this.list, this.hidden);
  }
}

interface ColumnSpec {
  readonly key: string;
  readonly required: boolean;
}

/**
 * The checks every kind of file shares. Subclasses say which columns they need, check their own cells and
 * take accepted rows; a row with any bad cell is reported and skipped, and scanning goes on so one run
 * reports every problem of the file.
 */
export abstract class FileChecker implements CsvSink {
  readonly issues = new IssueList();
  /** Data rows seen, good or bad. */
  dataRows = 0;
  protected names: string[] = [];
  protected cTs = -1;
  /** -1 when the symbol comes from the file name. */
  protected cSymbol = -1;
  protected fileSymbolId = -1;
  /** Fields in the header; -1 until the header is read. */
  protected headerFields = -1;
  private headerLine = 0;
  private prevTsMs = Number.NEGATIVE_INFINITY;
  private prevLine = 0;
  // Duplicate (ts, symbol) detection: rows of one ts are contiguous, so remember symbols of the current run only.
  private run = 0;
  private runOf = new Int32Array(256);
  private lineOf = new Int32Array(256);

  constructor(
    readonly file: PreparedFile,
    protected readonly symbols: SymbolTable,
    private readonly specs: readonly ColumnSpec[],
    private readonly checkDuplicates: boolean,
  ) {}

  /** Reads the kind's column indices once the header is known. */
  protected abstract onHeader(col: (key: string) => number): void;
  /** Checks the kind's cells, reporting each bad one; true when all are good. */
  protected abstract cells(r: RowView, symbolId: number): boolean;
  /** Takes a row that passed every check. */
  protected abstract accept(r: RowView, tsMs: number, symbolId: number): void;

  row(r: RowView): void {
    if (this.headerFields < 0) {
      this.readHeader(r);
      return;
    }
    this.dataRows++;
    if (r.fieldCount !== this.headerFields) {
      this.issue(r, 0, `expected ${this.headerFields} fields as in the header, found ${r.fieldCount}`, false);
      return;
    }
    const tsMs = this.timestamp(r);
    const symbolId = this.symbol(r);
    if (!this.cells(r, symbolId) || Number.isNaN(tsMs) || symbolId < 0) return;
    if (tsMs < this.prevTsMs) {
      const message = `rows must be in ascending time: ${formatTsMs(tsMs)} comes after ${formatTsMs(this.prevTsMs)} on line ${this.prevLine}`;
      this.issue(r, this.cTs, message);
      return;
    }
    if (this.isDuplicate(tsMs, symbolId)) {
      const message = `duplicate row for ${this.symbols.names[symbolId]} at ${formatTsMs(tsMs)} (first on line ${this.lineOf[symbolId]})`;
      this.issue(r, this.cSymbol >= 0 ? this.cSymbol : this.cTs, message);
      return;
    }
    this.place(tsMs, symbolId, r.line);
    this.accept(r, tsMs, symbolId);
  }

  /** Whether a row at tsMs can follow the rows so far: not earlier than the last one. */
  protected inOrder(tsMs: number): boolean {
    return tsMs >= this.prevTsMs;
  }

  /** Whether the symbol already has a row at tsMs (when duplicates are checked); rows of one ts are contiguous. */
  protected isDuplicate(tsMs: number, symbolId: number): boolean {
    return this.checkDuplicates && tsMs === this.prevTsMs && symbolId < this.runOf.length && this.runOf[symbolId] === this.run;
  }

  /** Records an accepted row for the order and duplicate checks of the rows after it. */
  protected place(tsMs: number, symbolId: number, line: number): void {
    if (tsMs !== this.prevTsMs) {
      this.prevTsMs = tsMs;
      this.run++;
    }
    if (this.checkDuplicates) {
      if (symbolId >= this.runOf.length) this.growRuns(symbolId);
      this.runOf[symbolId] = this.run;
      this.lineOf[symbolId] = line;
    }
    this.prevLine = line;
  }

  /** tsMs of a timestamp cell under the source's time rule, or NaN when the cell is not a timestamp. */
  protected tsOf(bytes: Buffer, start: number, end: number): number {
    return this.timeRule(parseTimestampBytes(bytes, start, end, this.file.time.zoneOffsetMs));
  }

  /** Rounds and shifts a parsed timestamp as the source says (NaN stays NaN). */
  protected timeRule(parsedMs: number): number {
    const time = this.file.time;
    const tsMs = time.roundMs > 0 ? Math.round(parsedMs / time.roundMs) * time.roundMs : parsedMs;
    return tsMs + time.shiftMs;
  }

  readError(issue: InputIssue): void {
    this.issues.add(issue);
  }

  /** Adds the whole-file issues (empty file, no rows) and throws when the file had any. */
  finish(): void {
    if (this.issues.count === 0) {
      if (this.headerFields < 0) {
        this.issues.add({ file: this.file.displayPath, line: 1, column: 1, message: 'the file is empty: expected a header line and data rows' });
      } else if (this.dataRows === 0) {
        this.issues.add({ file: this.file.displayPath, line: this.headerLine + 1, column: 1, message: 'no data rows after the header' });
      }
    }
    this.issues.throwIfAny();
  }

  /** Reports a bad cell; `withField: false` for row-level problems that are not one column's fault. */
  protected issue(r: RowView, field: number, message: string, withField = true): void {
    const at = r.locate(Math.max(0, field));
    this.issues.add({
      file: this.file.displayPath,
      line: at.line,
      column: at.column,
      ...(withField && field >= 0 ? { field: this.names[field] } : {}),
      message,
    });
  }

  /** A number cell; NaN (reported) when not a finite number or below `min` (or equal to it, when `strict`). */
  protected number(r: RowView, c: number, min: number, strict: boolean, what: string): number {
    const v = parseDecimal(r.bytes, r.starts[c], r.ends[c]);
    if (!Number.isFinite(v)) {
      this.issue(r, c, `expected a finite number, was ${quote(r.text(c))}`);
      return Number.NaN;
    }
    if (v < min || (strict && v === min)) {
      this.issue(r, c, `expected ${what}, was ${quote(r.text(c))}`);
      return Number.NaN;
    }
    return v;
  }

  /** A text cell that must not be empty; undefined (reported) when empty. */
  protected nonEmpty(r: RowView, c: number): string | undefined {
    if (r.ends[c] > r.starts[c]) return r.text(c);
    this.issue(r, c, 'expected a value, was empty');
    return undefined;
  }

  private timestamp(r: RowView): number {
    const c = this.cTs;
    const tsMs = this.tsOf(r.bytes, r.starts[c], r.ends[c]);
    if (Number.isNaN(tsMs)) {
      this.issue(r, c, `expected an ISO-8601 date or date-time, or epoch seconds or milliseconds, was ${quote(r.text(c))}`);
    }
    return tsMs;
  }

  private symbol(r: RowView): number {
    const c = this.cSymbol;
    if (c < 0) return this.fileSymbolId;
    if (r.ends[c] > r.starts[c]) return this.symbols.idOfBytes(r.bytes, r.starts[c], r.ends[c]);
    this.issue(r, c, 'expected a symbol, was empty');
    return -1;
  }

  private readHeader(r: RowView): void {
    this.headerFields = r.fieldCount;
    this.headerLine = r.line;
    this.names = Array.from({ length: r.fieldCount }, (_, i) => r.text(i).trim());
    const mapping = this.file.source.columns ?? {};
    const index = new Map<string, number>();
    for (const spec of this.specs) {
      const name = mapping[spec.key] ?? spec.key;
      const i = this.names.indexOf(name);
      index.set(spec.key, i);
      // Without a mapping, a missing symbol column means the file name gives the symbol.
      if (i >= 0 || !spec.required || (spec.key === 'symbol' && mapping.symbol === undefined)) continue;
      const mapped = name !== spec.key ? ` (the ${spec.key} column)` : '';
      this.issues.add({
        file: this.file.displayPath,
        line: r.line,
        column: 1,
        field: name,
        message: `missing required column ${quote(name)}${mapped}; the header has ${this.names.map((n) => quote(n)).join(', ')}`,
      });
    }
    const col = (key: string): number => index.get(key) ?? -1;
    this.cTs = col('ts');
    this.cSymbol = col('symbol');
    if (this.cSymbol < 0) {
      const symbol = symbolFromFileName(this.file);
      if (typeof symbol === 'string') this.fileSymbolId = this.symbols.idOf(symbol);
      else this.issues.add(symbol);
    }
    // Without its columns no row can be checked: stop here with what the header got wrong.
    if (this.issues.count > 0) throw new InputError(this.issues.list, this.issues.hidden);
    this.onHeader(col);
  }

  private growRuns(symbolId: number): void {
    const size = Math.max(symbolId + 1, this.runOf.length * 2);
    const runOf = new Int32Array(size);
    const lineOf = new Int32Array(size);
    runOf.set(this.runOf);
    lineOf.set(this.lineOf);
    this.runOf = runOf;
    this.lineOf = lineOf;
  }
}

