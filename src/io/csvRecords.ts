// Splitting a run folder's CSV text into records (RFC 4180: comma, double quotes, "" inside quotes), strictly.

// The files a run writes are small and plain, and every point of a sweep reads them back. csv-parse's sync parser
// builds fresh closures for each call, so the engine re-optimises it for every file of every point; this one loop
// is compiled once. Input CSVs from users still go through csv-parse's fallback (csvSource.ts) for the layouts
// this does not take (other delimiters, relaxed quoting).

/** A record with the line it ends on (1-based, as csv-parse's info.lines). */
export interface CsvRecord {
  readonly cells: string[];
  readonly line: number;
}

/** A text that is not strict CSV: what is wrong and the line where it was found. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`${message} at line ${line}`);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/**
 * Every non-empty record of the text, each with as many cells as the first; a byte-order mark is skipped, lines
 * end in LF or CRLF. Throws CsvSyntaxError on an unclosed quote, text after a closing quote, a quote inside an
 * unquoted cell, or a record of another length.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const end = text.length;
  let i = end > 0 && text.charCodeAt(0) === BOM ? 1 : 0;
  let line = 1;
  let width = -1;
  while (i < end) {
    const first = text.charCodeAt(i);
    // An empty line is skipped, as csv-parse's skip_empty_lines does.
    if (first === LF) {
      i++;
      line++;
      continue;
    }
    if (first === CR && i + 1 < end && text.charCodeAt(i + 1) === LF) {
      i += 2;
      line++;
      continue;
    }
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      if (i < end && text.charCodeAt(i) === QUOTE) {
        const startLine = line;
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new CsvSyntaxError(startLine, 'quote not closed');
          value += text.slice(from, q);
          line += lineBreaksIn(text, from, q);
          if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        cell = value;
        const next = i < end ? text.charCodeAt(i) : LF;
        if (!(next === COMMA || next === LF || (next === CR && i + 1 < end && text.charCodeAt(i + 1) === LF))) {
          throw new CsvSyntaxError(line, 'expected a comma or the end of the line after a closing quote');
        }
      } else {
        const from = i;
        while (i < end) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF) break;
          if (c === CR && i + 1 < end && text.charCodeAt(i + 1) === LF) break;
          if (c === QUOTE) throw new CsvSyntaxError(line, 'a quote inside an unquoted cell');
          i++;
        }
        cell = text.slice(from, i);
      }
      cells.push(cell);
      if (i < end && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    if (width < 0) width = cells.length;
    else if (cells.length !== width) {
      throw new CsvSyntaxError(line, `a record of ${cells.length} cells where the header has ${width}`);
    }
    records.push({ cells, line });
    // Past the record's line ending.
    if (i < end) {
      i += text.charCodeAt(i) === CR ? 2 : 1;
      line++;
    }
  }
  return records;
}

/** Line breaks in text[from, to): LF, CRLF, and a CR alone (as csv-parse counts lines inside a quoted cell). */
function lineBreaksIn(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && (k + 1 >= to || text.charCodeAt(k + 1) !== LF))) breaks++;
  }
  return breaks;
}
