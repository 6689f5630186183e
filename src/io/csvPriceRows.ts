// Row checks of price files, and the fused one-pass parser for plain price rows that keeps ingestion fast.

import { FNV_OFFSET, fnvStep, PlainRow, scanPlainLines, type RowView, type SymbolTable } from './csvFastPath.js';
import { FileChecker, type PreparedFile } from './csvCheck.js';

const PRICE_COLUMNS = ['ts', 'symbol', 'open', 'high', 'low', 'close', 'volume'];

/** The accepted bars of one chunk, column by column: what the merge needs and nothing more. */
export class PriceBatch {
  n = 0;
  tsMs: Float64Array = new Float64Array(0);
  symbol: Int32Array = new Int32Array(0);
  open: Float64Array = new Float64Array(0);
  high: Float64Array = new Float64Array(0);
  low: Float64Array = new Float64Array(0);
  close: Float64Array = new Float64Array(0);
  volume: Float64Array = new Float64Array(0);
  line: Int32Array = new Int32Array(0);

  constructor(capacity = 1024) {
    this.resize(capacity);
  }

  resize(capacity: number): void {
    const f64 = (old: Float64Array): Float64Array => {
      const a = new Float64Array(capacity);
      a.set(old.subarray(0, this.n));
      return a;
    };
    const i32 = (old: Int32Array): Int32Array => {
      const a = new Int32Array(capacity);
      a.set(old.subarray(0, this.n));
      return a;
    };
    this.tsMs = f64(this.tsMs);
    this.symbol = i32(this.symbol);
    this.open = f64(this.open);
    this.high = f64(this.high);
    this.low = f64(this.low);
    this.close = f64(this.close);
    this.volume = f64(this.volume);
    this.line = i32(this.line);
  }
}

// What the fused parser does with each column: a number slot (>= 0), or one of these.
const SKIP = -1;
const TS = -2;
const SYMBOL = -3;
const OPEN = 0;
const HIGH = 1;
const LOW = 2;
const CLOSE = 3;
const VOLUME = 4;
const ADJUSTED = 5;

const EXACT_POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const TWO_POW_53 = 2 ** 53;

/** End of the line starting at `pos` (just after its `\n`), or `to`. */
function lineEnd(buf: Buffer, pos: number, to: number): number {
  const newline = buf.indexOf(10, pos);
  return newline === -1 || newline >= to ? to : newline + 1;
}

/** Checks a prices file and gathers its accepted bars into a batch, until the first issue. */
export class PriceChecker extends FileChecker {
  readonly batch = new PriceBatch();
  /** Accepted rows, for validatePrices. */
  rows = 0;
  /** By symbol id: first and last accepted tsMs in this file (cross-file duplicates can only be where they overlap). */
  readonly firstTsMs: number[] = [];
  readonly lastTsMs: number[] = [];
  private readonly plainRow = new PlainRow();
  private kinds: Int8Array | undefined;
  private readonly values = new Float64Array(6);
  /** The last timestamp cell the fused parser parsed, and its tsMs (tsKeyLength -1: none). */
  private readonly tsKey = new Uint8Array(64);
  private tsKeyLength = -1;
  private tsKeyMs = Number.NaN;
  private cOpen = -1;
  private cHigh = -1;
  private cLow = -1;
  private cClose = -1;
  private cVolume = -1;
  private cAdjusted = -1;

  constructor(file: PreparedFile, symbols: SymbolTable) {
    const specs = PRICE_COLUMNS.map((key) => ({ key, required: true }));
    if (file.source.adjust === 'adjusted_close') specs.push({ key: 'adjusted_close', required: true });
    super(file, symbols, specs, true);
  }

  protected onHeader(col: (key: string) => number): void {
    this.cOpen = col('open');
    this.cHigh = col('high');
    this.cLow = col('low');
    this.cClose = col('close');
    this.cVolume = col('volume');
    this.cAdjusted = this.file.source.adjust === 'adjusted_close' ? col('adjusted_close') : -1;
    const used = [this.cTs, this.cSymbol, this.cOpen, this.cHigh, this.cLow, this.cClose, this.cVolume, this.cAdjusted].filter((c) => c >= 0);
    // Two settings mapped to one column: rare enough to leave to the reference path alone.
    if (new Set(used).size !== used.length) return;
    const kinds = new Int8Array(this.headerFields).fill(SKIP);
    kinds[this.cTs] = TS;
    if (this.cSymbol >= 0) kinds[this.cSymbol] = SYMBOL;
    kinds[this.cOpen] = OPEN;
    kinds[this.cHigh] = HIGH;
    kinds[this.cLow] = LOW;
    kinds[this.cClose] = CLOSE;
    kinds[this.cVolume] = VOLUME;
    if (this.cAdjusted >= 0) kinds[this.cAdjusted] = ADJUSTED;
    this.kinds = kinds;
  }

  /** The reference checks, cell by cell, with a message for each bad one. */
  protected cells(r: RowView): boolean {
    const v = this.values;
    v[OPEN] = this.number(r, this.cOpen, 0, true, 'a price > 0');
    v[HIGH] = this.number(r, this.cHigh, 0, true, 'a price > 0');
    v[LOW] = this.number(r, this.cLow, 0, true, 'a price > 0');
    v[CLOSE] = this.number(r, this.cClose, 0, true, 'a price > 0');
    v[VOLUME] = this.number(r, this.cVolume, 0, false, 'a volume >= 0');
    v[ADJUSTED] = this.cAdjusted >= 0 ? this.number(r, this.cAdjusted, 0, true, 'a price > 0') : 1;
    // NaN fails every comparison: one test covers all the cells reported above.
    if (!(v[OPEN] + v[HIGH] + v[LOW] + v[CLOSE] + v[VOLUME] + v[ADJUSTED] >= 0)) return false;
    if (v[HIGH] < v[LOW]) {
      this.issue(r, this.cHigh, `high ${r.text(this.cHigh)} is below low ${r.text(this.cLow)}`);
      return false;
    }
    const openBad = v[OPEN] < v[LOW] || v[OPEN] > v[HIGH];
    const closeBad = v[CLOSE] < v[LOW] || v[CLOSE] > v[HIGH];
    if (openBad) this.outsideRange(r, this.cOpen, 'open');
    if (closeBad) this.outsideRange(r, this.cClose, 'close');
    return !openBad && !closeBad;
  }

  private outsideRange(r: RowView, c: number, name: string): void {
    this.issue(r, c, `${name} ${r.text(c)} is outside the bar's range, low ${r.text(this.cLow)} to high ${r.text(this.cHigh)}`);
  }

  protected accept(r: RowView, tsMs: number, symbolId: number): void {
    this.keep(tsMs, symbolId, r.line);
  }

  /** Stores the bar in `values` (checked, raw) for the merge; both paths end here. */
  private keep(tsMs: number, symbolId: number, line: number): void {
    this.rows++;
    if (this.firstTsMs[symbolId] === undefined) this.firstTsMs[symbolId] = tsMs;
    this.lastTsMs[symbolId] = tsMs;
    if (this.issues.count > 0) return; // the file will be rejected: nothing more to keep
    const v = this.values;
    // One factor for all four keeps their order (IEEE multiplication by a positive number is monotone).
    const factor = this.cAdjusted >= 0 ? v[ADJUSTED] / v[CLOSE] : 1;
    const b = this.batch;
    if (b.n === b.tsMs.length) b.resize(b.n * 2);
    const i = b.n++;
    b.tsMs[i] = tsMs;
    b.symbol[i] = symbolId;
    b.open[i] = v[OPEN] * factor;
    b.high[i] = v[HIGH] * factor;
    b.low[i] = v[LOW] * factor;
    b.close[i] = v[CLOSE] * factor;
    b.volume[i] = v[VOLUME];
    b.line[i] = line;
  }

  /**
   * Plain lines in one pass: each byte is read once, numbers are built as the digits go by (the same
   * Clinger fast path as parseDecimal, so the same doubles). Only a row that is plainly good is taken here;
   * anything else (a sign, an exponent, an empty or bad cell, a failed check, out of order, duplicate, a
   * different field count) goes through the reference path for that line, which decides and reports.
   */
  scanPlain(buf: Buffer, from: number, to: number, line: number): number {
    let pos = from;
    // The header (and, when the fused parser cannot serve the layout, every line) takes the reference path.
    while (this.kinds === undefined && pos < to) {
      const end = lineEnd(buf, pos, to);
      line = scanPlainLines(buf, pos, end, this.plainRow, this, line);
      pos = end;
    }
    const kinds = this.kinds;
    if (kinds === undefined) return line;
    const fields = kinds.length;
    const lastField = fields - 1;
    const v = this.values;
    v[ADJUSTED] = 1;
    const checkAdjusted = this.cAdjusted >= 0;
    const fileSymbolId = this.fileSymbolId;
    while (pos < to) {
      const lineStart = pos;
      let tsMs = Number.NaN;
      let symbolId = fileSymbolId;
      let ok = true;
      for (let f = 0; f < fields; f++) {
        const kind = kinds[f];
        const start = pos;
        if (kind >= 0) {
          let mantissa = 0;
          let dot = -1;
          for (; pos < to; pos++) {
            const d = buf[pos] - 48;
            if (d >= 0 && d <= 9) mantissa = mantissa * 10 + d;
            else if (d === -2 && dot < 0) dot = pos;
            else break;
          }
          const decimals = dot < 0 ? 0 : pos - dot - 1;
          if (pos - start - (dot < 0 ? 0 : 1) === 0 || mantissa >= TWO_POW_53 || decimals > 22) {
            ok = false;
            break;
          }
          v[kind] = decimals === 0 ? mantissa : mantissa / EXACT_POW10[decimals];
        } else if (kind === TS) {
          // Rows of one time usually follow each other: compare with the last distinct cell as the bytes go
          // by, and parse (with the reference parser) only when the cell differs.
          const key = this.tsKey;
          const keyLength = this.tsKeyLength;
          let same = true;
          for (; pos < to; pos++) {
            const c = buf[pos];
            if (c === 44 || c === 10 || c === 13) break;
            if (same) same = pos - start < keyLength && key[pos - start] === c;
          }
          if (same && pos - start === keyLength) tsMs = this.tsKeyMs;
          else {
            tsMs = this.tsOf(buf, start, pos);
            if (pos - start <= key.length) {
              key.set(buf.subarray(start, pos));
              this.tsKeyLength = pos - start;
              this.tsKeyMs = tsMs;
            } else this.tsKeyLength = -1;
          }
        } else if (kind === SYMBOL) {
          let hash = FNV_OFFSET;
          for (; pos < to; pos++) {
            const c = buf[pos];
            if (c === 44 || c === 10 || c === 13) break;
            hash = fnvStep(hash, c);
          }
          symbolId = pos > start ? this.symbols.idOfHashed(hash >>> 0, buf, start, pos) : -1;
        } else {
          while (pos < to) {
            const c = buf[pos];
            if (c === 44 || c === 10 || c === 13) break;
            pos++;
          }
        }
        // The field must end where a field ends: a comma, or the line's end after the last field.
        if (f < lastField) {
          if (pos < to && buf[pos] === 44) pos++;
          else {
            ok = false;
            break;
          }
        } else if (pos < to) {
          const c = buf[pos];
          if (c === 10) pos++;
          else if (c === 13 && pos + 1 < to && buf[pos + 1] === 10) pos += 2;
          else ok = false;
        }
      }
      if (ok) {
        const low = v[LOW];
        const high = v[HIGH];
        const open = v[OPEN];
        const close = v[CLOSE];
        ok =
          low > 0 &&
          high >= low &&
          open >= low &&
          open <= high &&
          close >= low &&
          close <= high &&
          (!checkAdjusted || v[ADJUSTED] > 0) &&
          symbolId >= 0 &&
          this.inOrder(tsMs) && // false for NaN
          !this.isDuplicate(tsMs, symbolId);
      }
      if (ok) {
        this.dataRows++;
        this.place(tsMs, symbolId, line);
        this.keep(tsMs, symbolId, line);
        line++;
      } else {
        const end = lineEnd(buf, lineStart, to);
        line = scanPlainLines(buf, lineStart, end, this.plainRow, this, line);
        pos = end;
      }
    }
    return line;
  }
}
