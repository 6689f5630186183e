// Row checks of the small tables, signals and funding: every cell, into lists shared by the files of a source.

import { formatTsMs } from './timestamps.js';
import type { Direction } from '../allocator/types.js';
import type { FundingRow, SignalRow } from '../sim/types.js';
import type { RowView, SymbolTable } from './csvFastPath.js';
import { FileChecker, type Located, type PreparedFile } from './csvCheck.js';
import { quote } from './csvSource.js';

const DIRECTIONS: Readonly<Record<string, Direction>> = { long: 'long', short: 'short' };

/** Where a signal id (or, without one, its time, symbol and direction) was first seen: named only in messages. */
export interface FirstSeen {
  readonly file: string;
  readonly line: number;
}

/** The checked cells of the row being read, kept in fields until the row is accepted (no object per row). */
interface PendingSignal {
  direction: Direction;
  score: number;
  regime: string;
  setupType: string;
  stopDistancePct: number;
  id: string | undefined;
  takeProfitR: number | undefined;
}

/** Checks a signals file; rows go to a list shared by the files of a source, ids must be unique across them. */
export class SignalChecker extends FileChecker {
  private c: Record<string, number> = {};
  private readonly pending: PendingSignal = {
    direction: 'long', score: 0, regime: '', setupType: '', stopDistancePct: 0, id: undefined, takeProfitR: undefined,
  };
  private hasPending = false;
  /**
   * Id-less signals of the current time in this file, by symbol id × 2 + direction, with their lines. A file's
   * accepted rows come in ascending time, so within one file a repeat can only be in the same run of times; only
   * a source of several files needs the map of every time, symbol and direction.
   */
  private runTsMs = Number.NaN;
  private readonly runLines = new Map<number, number>();

  constructor(
    file: PreparedFile,
    symbols: SymbolTable,
    private readonly out: Located<SignalRow>[],
    private readonly ids: Map<string, FirstSeen>,
    private readonly knownSymbols: ReadonlySet<string> | undefined,
    /** The source has other files, whose id-less signals may repeat this file's. */
    private readonly severalFiles: boolean,
  ) {
    const required = ['ts', 'symbol', 'direction', 'score', 'regime', 'setup_type', 'stop_distance_pct'];
    const specs = [...required.map((key) => ({ key, required: true })), { key: 'id', required: false }, { key: 'take_profit_r', required: false }];
    super(file, symbols, specs, false);
  }

  protected onHeader(col: (key: string) => number): void {
    for (const key of ['direction', 'score', 'regime', 'setup_type', 'stop_distance_pct', 'id', 'take_profit_r']) this.c[key] = col(key);
  }

  protected cells(r: RowView, symbolId: number): boolean {
    const c = this.c;
    this.hasPending = false;
    let ok = true;
    if (symbolId >= 0 && this.knownSymbols !== undefined && !this.knownSymbols.has(this.symbols.names[symbolId])) {
      this.issue(r, this.cSymbol >= 0 ? this.cSymbol : this.cTs, `no prices for symbol ${quote(this.symbols.names[symbolId])}`);
      ok = false;
    }
    const directionText = r.text(c.direction);
    const direction = DIRECTIONS[directionText.toLowerCase()];
    if (direction === undefined) {
      this.issue(r, c.direction, `expected long or short, was ${quote(directionText)}`);
      ok = false;
    }
    const score = this.number(r, c.score, Number.NEGATIVE_INFINITY, true, 'a finite number');
    const regime = this.nonEmpty(r, c.regime);
    const setupType = this.nonEmpty(r, c.setup_type);
    const stopDistancePct = this.number(r, c.stop_distance_pct, 0, true, 'a stop distance > 0 (in %)');
    let takeProfitR: number | undefined;
    if (c.take_profit_r >= 0 && r.ends[c.take_profit_r] > r.starts[c.take_profit_r]) {
      takeProfitR = this.number(r, c.take_profit_r, 0, true, 'a take profit > 0 (in R)');
      ok &&= !Number.isNaN(takeProfitR);
    }
    let id: string | undefined;
    if (c.id >= 0 && r.ends[c.id] > r.starts[c.id]) {
      id = r.text(c.id);
      const first = this.ids.get(id);
      if (first !== undefined) {
        this.issue(r, c.id, `duplicate id ${quote(id)} (first at ${firstSeenText(first)})`);
        ok = false;
      } else this.ids.set(id, { file: this.file.displayPath, line: r.line });
    }
    if (!ok || direction === undefined || Number.isNaN(score + stopDistancePct) || regime === undefined || setupType === undefined) {
      return false;
    }
    const p = this.pending;
    p.direction = direction;
    p.score = score;
    p.regime = regime;
    p.setupType = setupType;
    p.stopDistancePct = stopDistancePct;
    p.id = id;
    p.takeProfitR = takeProfitR;
    this.hasPending = true;
    return true;
  }

  protected accept(r: RowView, tsMs: number, symbolId: number): void {
    if (!this.hasPending) return;
    const p = this.pending;
    const symbol = this.symbols.names[symbolId];
    // Without an id a signal is known by time, symbol and direction (its candidate id): two such rows would
    // silently become one, and which one would depend on row order.
    if (p.id === undefined) {
      const first = this.severalFiles ? this.firstAcrossFiles(r, tsMs, symbol, p.direction) : this.firstInFile(r, tsMs, symbolId, p.direction);
      if (first !== undefined) {
        this.issue(r, this.c.direction, `duplicate ${p.direction} signal for ${quote(symbol)} at ${formatTsMs(tsMs)} (first at ${firstSeenText(first)}); give each an id`);
        return;
      }
    }
    this.out.push({ row: signalRow(tsMs, symbol, p), file: this.file.displayPath, line: r.line });
  }

  /** Where an id-less signal of this time, symbol and direction was first seen in this file; notes it if nowhere. */
  private firstInFile(r: RowView, tsMs: number, symbolId: number, direction: Direction): FirstSeen | undefined {
    if (tsMs !== this.runTsMs) {
      this.runLines.clear();
      this.runTsMs = tsMs;
    }
    const key = symbolId * 2 + (direction === 'long' ? 0 : 1);
    const line = this.runLines.get(key);
    if (line !== undefined) return { file: this.file.displayPath, line };
    this.runLines.set(key, r.line);
    return undefined;
  }

  /** The same over every file of the source, through the map shared with the source's other files. */
  private firstAcrossFiles(r: RowView, tsMs: number, symbol: string, direction: Direction): FirstSeen | undefined {
    const key = `\u0000${tsMs}|${symbol}|${direction}`;
    const first = this.ids.get(key);
    if (first === undefined) this.ids.set(key, { file: this.file.displayPath, line: r.line });
    return first;
  }
}

function firstSeenText(first: FirstSeen): string {
  return `${first.file} line ${first.line}`;
}

/** A signal row with id and take_profit_r present only when given, keys always in one order. */
function signalRow(tsMs: number, symbol: string, p: PendingSignal): SignalRow {
  const { direction, score, regime, setupType, stopDistancePct, id, takeProfitR } = p;
  if (id === undefined) {
    return takeProfitR === undefined
      ? { tsMs, symbol, direction, score, regime, setupType, stopDistancePct }
      : { tsMs, symbol, direction, score, regime, setupType, stopDistancePct, takeProfitR };
  }
  return takeProfitR === undefined
    ? { tsMs, symbol, direction, score, regime, setupType, stopDistancePct, id }
    : { tsMs, symbol, direction, score, regime, setupType, stopDistancePct, id, takeProfitR };
}

/** Checks a funding file: a finite rate per (ts, symbol). */
export class FundingChecker extends FileChecker {
  private cRate = -1;
  private rate = 0;

  constructor(file: PreparedFile, symbols: SymbolTable, private readonly out: Located<FundingRow>[]) {
    super(file, symbols, ['ts', 'symbol', 'rate'].map((key) => ({ key, required: true })), true);
  }

  protected onHeader(col: (key: string) => number): void {
    this.cRate = col('rate');
  }

  protected cells(r: RowView): boolean {
    this.rate = this.number(r, this.cRate, Number.NEGATIVE_INFINITY, true, 'a finite number');
    return !Number.isNaN(this.rate);
  }

  protected accept(r: RowView, tsMs: number, symbolId: number): void {
    this.out.push({ row: { tsMs, symbol: this.symbols.names[symbolId], rate: this.rate }, file: this.file.displayPath, line: r.line });
  }
}
