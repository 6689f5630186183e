// The byte-level fast path for plain CSV (no quotes): line and field splitting, exact decimal parsing, symbol interning.

/** 1-based line and character column of a cell. */
export interface CellLocation {
  readonly line: number;
  readonly column: number;
}

/**
 * One row as byte ranges into a buffer; the scanners reuse one object per file, so a consumer reads what it
 * needs during the call and keeps nothing.
 */
export interface RowView {
  readonly bytes: Buffer;
  /** Field i is bytes[starts[i], ends[i]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly fieldCount: number;
  /** 1-based line where the row starts. */
  readonly line: number;
  /** Where field i starts; computed on demand because only error messages need it. */
  locate(field: number): CellLocation;
  /** Field i decoded as UTF-8. */
  text(field: number): string;
}

/** Receives the rows of a file, the header first. */
export interface RowSink {
  row(r: RowView): void;
}

/** A row of the plain path: fields are ranges of the chunk buffer itself, nothing is copied. */
export class PlainRow implements RowView {
  bytes: Buffer = Buffer.alloc(0);
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  fieldCount = 0;
  line = 0;
  private lineStart = 0;

  set(bytes: Buffer, fieldCount: number, line: number, lineStart: number): void {
    this.bytes = bytes;
    this.fieldCount = fieldCount;
    this.line = line;
    this.lineStart = lineStart;
  }

  grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  locate(field: number): CellLocation {
    // Characters, not bytes: a multi-byte UTF-8 character earlier in the line counts once.
    const before = this.bytes.toString('utf8', this.lineStart, this.starts[field]);
    return { line: this.line, column: Array.from(before).length + 1 };
  }

  text(field: number): string {
    return this.bytes.toString('utf8', this.starts[field], this.ends[field]);
  }
}

/**
 * Splits buf[from, to) into lines and fields and hands each non-empty line to the sink. Every line ends with
 * `\n` except possibly the last (the end of the file); a `\r` before `\n` is dropped. Returns the line number
 * after the last line.
 */
export function scanPlainLines(buf: Buffer, from: number, to: number, row: PlainRow, sink: RowSink, line: number): number {
  let starts = row.starts;
  let ends = row.ends;
  let last = starts.length - 1;
  let f = 0;
  let fieldStart = from;
  let lineStart = from;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c === 44) {
      // Keep one slot free for the line's last field.
      if (f === last) {
        row.grow();
        starts = row.starts;
        ends = row.ends;
        last = starts.length - 1;
      }
      starts[f] = fieldStart;
      ends[f] = i;
      f++;
      fieldStart = i + 1;
    } else if (c === 10) {
      const end = i > fieldStart && buf[i - 1] === 13 ? i - 1 : i;
      starts[f] = fieldStart;
      ends[f] = end;
      if (f > 0 || end > fieldStart) {
        row.set(buf, f + 1, line, lineStart);
        sink.row(row);
      }
      line++;
      f = 0;
      fieldStart = i + 1;
      lineStart = fieldStart;
    }
  }
  if (lineStart < to) {
    const end = to > fieldStart && buf[to - 1] === 13 ? to - 1 : to;
    starts[f] = fieldStart;
    ends[f] = end;
    if (f > 0 || end > fieldStart) {
      row.set(buf, f + 1, line, lineStart);
      sink.row(row);
    }
    line++;
  }
  return line;
}

/** Decimal numbers as Number() reads them, but only this shape: no blanks, hex, `Infinity` or `NaN` text. */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number cell's value, or NaN when the text is not a decimal number (so `""` is NaN, not 0). */
export function parseNumberText(text: string): number {
  return NUMBER_TEXT.test(text) ? Number(text) : Number.NaN;
}

/** Powers of ten that are exact doubles. */
const EXACT_POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const TWO_POW_53 = 2 ** 53;

/**
 * parseNumberText of buf[start, end), without making a string in the common case. Clinger's fast path: when
 * the digits form an integer below 2^53 and there are at most 22 decimals, both the integer and the power of
 * ten are exact doubles, so one IEEE division rounds the true value correctly, as Number() does. Anything
 * else (exponents, long mantissas, junk) goes to parseNumberText.
 */
export function parseDecimal(buf: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  const sign = buf[i];
  if (sign === 45) {
    negative = true;
    i++;
  } else if (sign === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let dot = false;
  for (; i < end; i++) {
    const d = buf[i] - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (dot) decimals++;
    } else if (d === -2 && !dot) dot = true; // '.'
    else return parseNumberText(buf.toString('latin1', start, end));
  }
  if (digits === 0 || mantissa >= TWO_POW_53 || decimals > 22) {
    return parseNumberText(buf.toString('latin1', start, end));
  }
  const value = decimals === 0 ? mantissa : mantissa / EXACT_POW10[decimals];
  return negative ? -value : value;
}

/** FNV-1a: start from FNV_OFFSET, fold each byte with fnvStep, finish with `>>> 0`. */
export const FNV_OFFSET = 0x811c9dc5;
export function fnvStep(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193);
}

function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = fnvStep(h, b[i]);
  return h >>> 0;
}

/**
 * Symbols as small integer ids, looked up from bytes without decoding a string per row. Ids are dense and
 * stable for the table's life; `ranks()` gives each id its position in code-unit (not locale) order.
 */
export class SymbolTable {
  readonly names: string[] = [];
  private slotId = new Int32Array(1024).fill(-1);
  private slotBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(1024);
  private used = 0;
  private readonly byName = new Map<string, number>();
  private rankCache: Int32Array | undefined;

  get size(): number {
    return this.names.length;
  }

  idOfBytes(b: Buffer, start: number, end: number): number {
    return this.idOfHashed(hashBytes(b, start, end), b, start, end);
  }

  /** idOfBytes when the caller has already hashed the bytes (FNV-1a, as fnvStep): saves a pass over them. */
  idOfHashed(hash: number, b: Buffer, start: number, end: number): number {
    const mask = this.slotId.length - 1;
    const len = end - start;
    let slot = hash & mask;
    for (;;) {
      const id = this.slotId[slot];
      if (id < 0) break;
      const stored = this.slotBytes[slot]!;
      if (stored.length === len) {
        let k = 0;
        while (k < len && stored[k] === b[start + k]) k++;
        if (k === len) return id;
      }
      slot = (slot + 1) & mask;
    }
    const name = b.toString('utf8', start, end);
    // Different bytes can decode to one string (invalid UTF-8 becomes U+FFFD): keep one id per string.
    let id = this.byName.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.byName.set(name, id);
      this.rankCache = undefined;
    }
    this.slotId[slot] = id;
    this.slotBytes[slot] = new Uint8Array(b.subarray(start, end));
    if (++this.used * 2 > this.slotId.length) this.rehash();
    return id;
  }

  idOf(name: string): number {
    const b = Buffer.from(name, 'utf8');
    return this.idOfBytes(b, 0, b.length);
  }

  /** rank[id]: the symbol's position when all symbols seen so far are sorted. */
  ranks(): Int32Array {
    if (this.rankCache === undefined) {
      const order = this.names.map((_, id) => id).sort((a, c) => compareText(this.names[a], this.names[c]));
      const rank = new Int32Array(order.length);
      order.forEach((id, r) => (rank[id] = r));
      this.rankCache = rank;
    }
    return this.rankCache;
  }

  private rehash(): void {
    const oldIds = this.slotId;
    const oldBytes = this.slotBytes;
    this.slotId = new Int32Array(oldIds.length * 2).fill(-1);
    this.slotBytes = new Array<Uint8Array | undefined>(oldIds.length * 2);
    const mask = this.slotId.length - 1;
    for (let s = 0; s < oldIds.length; s++) {
      const bytes = oldBytes[s];
      if (oldIds[s] < 0 || bytes === undefined) continue;
      let slot = hashBytes(bytes, 0, bytes.length) & mask;
      while (this.slotId[slot] >= 0) slot = (slot + 1) & mask;
      this.slotId[slot] = oldIds[s];
      this.slotBytes[slot] = bytes;
    }
  }
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
