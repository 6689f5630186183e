// Strict cell readers for the files of a run folder: every bad cell becomes one InputIssue naming file, line and column.

import { CsvSyntaxError, parseCsvRecords, type CsvRecord } from './csvRecords.js';
import { InputError, MAX_LISTED_ISSUES, type InputIssue } from './inputError.js';

/**
 * Keeps collecting after the first problem so one read lists them all; past the listed maximum it only
 * counts, so a file broken on every line cannot exhaust memory.
 */
export class IssueCollector {
  readonly issues: InputIssue[] = [];
  private more = 0;

  add(issue: InputIssue): void {
    if (this.issues.length < MAX_LISTED_ISSUES) this.issues.push(issue);
    else this.more++;
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new InputError(this.issues, this.more);
  }
}

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Parses a decimal string strictly: Number('') is 0 and Number(' 1') is 1, neither of which is a valid cell. */
export function parseDecimal(text: string): number | undefined {
  if (!(isPlainDecimal(text) || DECIMAL_RE.test(text))) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * DECIMAL_RE for the spelling a run writes (a sign, digits with at most one point, no exponent), by hand: a long
 * run's cycles.csv has millions of cells. False sends the text on to the regular expression.
 */
function isPlainDecimal(text: string): boolean {
  const n = text.length;
  let i = 0;
  if (n > 0) {
    const first = text.charCodeAt(0);
    if (first === 43 || first === 45) i = 1;
  }
  let digits = 0;
  let point = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !point) point = true;
    else return false;
  }
  return digits > 0;
}

/** Parses the ISO-8601 UTC timestamps a run writes (`2016-01-05T00:00:00.000Z`) to epoch ms. */
export function parseIsoMs(text: string): number | undefined {
  if (!ISO_RE.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** One CSV data row with the line it ends on, read by column name. */
export class CsvRow {
  constructor(
    private readonly table: CsvTable,
    readonly cells: readonly string[],
    readonly line: number,
  ) {}

  private fail(column: string, message: string): void {
    this.table.issues.add({
      file: this.table.file,
      line: this.line,
      column: this.table.columnIndex(column) + 1,
      field: column,
      message,
    });
  }

  text(column: string): string {
    return this.cells[this.table.columnIndex(column)] ?? '';
  }

  nonEmpty(column: string): string {
    const value = this.text(column);
    if (value.length === 0) this.fail(column, 'expected a non-empty value, was empty');
    return value;
  }

  /** A finite number (decimal string); 0 after reporting when the cell is bad, so parsing can go on. */
  number(column: string): number {
    const text = this.text(column);
    const value = parseDecimal(text);
    if (value === undefined) {
      this.fail(column, `expected a finite decimal number, was ${JSON.stringify(text)}`);
      return 0;
    }
    return value;
  }

  /** A whole number ≥ 0 (counts). */
  count(column: string): number {
    const value = this.number(column);
    if (!Number.isInteger(value) || value < 0) this.fail(column, `expected a whole number ≥ 0, was ${JSON.stringify(this.text(column))}`);
    return value;
  }

  /** An ISO timestamp; returns the text and its epoch ms (0 after reporting when bad). */
  timestamp(column: string): { text: string; ms: number } {
    const text = this.text(column);
    const ms = parseIsoMs(text);
    if (ms === undefined) {
      this.fail(column, `expected an ISO-8601 UTC timestamp like 2016-01-05T00:00:00.000Z, was ${JSON.stringify(text)}`);
      return { text, ms: 0 };
    }
    return { text, ms };
  }

  oneOf<T extends string>(column: string, allowed: readonly T[]): T {
    const text = this.text(column);
    if (!(allowed as readonly string[]).includes(text)) {
      this.fail(column, `expected one of ${allowed.join(', ')}, was ${JSON.stringify(text)}`);
      return allowed[0] as T;
    }
    return text as T;
  }
}

/** A parsed CSV file: its header checked for the required columns (any order, extra columns ignored). */
export class CsvTable {
  readonly rows: CsvRow[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    readonly file: string,
    readonly issues: IssueCollector,
    text: string,
    required: readonly string[],
  ) {
    let records: CsvRecord[];
    try {
      records = parseCsvRecords(text);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      issues.add({ file, line: error.line, message: `malformed CSV: ${error.message}` });
      return;
    }
    const header = records[0];
    if (header === undefined) {
      issues.add({ file, line: 1, message: `expected a header row with ${required.join(',')}, the file is empty` });
      return;
    }
    header.cells.forEach((name, i) => {
      if (!this.index.has(name)) this.index.set(name, i);
    });
    const missing = required.filter((name) => !this.index.has(name));
    if (missing.length > 0) {
      issues.add({ file, line: header.line, message: `missing column(s) ${missing.join(', ')}; expected ${required.join(',')}` });
      return;
    }
    for (let r = 1; r < records.length; r++) this.rows.push(new CsvRow(this, records[r]!.cells, records[r]!.line));
  }

  columnIndex(column: string): number {
    return this.index.get(column) ?? -1;
  }
}
