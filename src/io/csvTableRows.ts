// Row checks of the small tables, signals and funding: every cell, into lists shared by the files of a source.

import { formatTsMs } from './timestamps.js';
import type { Direction } from '../allocator/types.js';
import type { FundingRow, SignalRow } from '../sim/types.js';
import type { RowView, SymbolTable } from './csvFastPath.js';
import { FileChecker, type Located, type PreparedFile } from './csvCheck.js';
import { quote } from './csvSource.js';

const DIRECTIONS: Readonly<Record<string, Direction>> = { long: 'long', short: 'short' };

/** Checks a signals file; rows go to a list shared by the files of a source, ids must be unique across them. */
export class SignalChecker extends FileChecker {
  private c: Record<string, number> = {};

  constructor(
    file: PreparedFile,
    symbols: SymbolTable,
    private readonly out: Located<SignalRow>[],
    private readonly ids: Map<string, string>,
    private readonly knownSymbols: ReadonlySet<string> | undefined,
  ) {
    const required = ['ts', 'symbol', 'direction', 'score', 'regime', 'setup_type', 'stop_distance_pct'];
    const specs = [...required.map((key) => ({ key, required: true })), { key: 'id', required: false }, { key: 'take_profit_r', required: false }];
    super(file, symbols, specs, false);
  }

  private pending: Omit<SignalRow, 'tsMs' | 'symbol'> | undefined;

  protected onHeader(col: (key: string) => number): void {
    for (const key of ['direction', 'score', 'regime', 'setup_type', 'stop_distance_pct', 'id', 'take_profit_r']) this.c[key] = col(key);
  }

  protected cells(r: RowView, symbolId: number): boolean {
    const c = this.c;
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
        this.issue(r, c.id, `duplicate id ${quote(id)} (first at ${first})`);
        ok = false;
      } else this.ids.set(id, `${this.file.displayPath} line ${r.line}`);
    }
    if (!ok || direction === undefined || Number.isNaN(score + stopDistancePct) || regime === undefined || setupType === undefined) {
      return false;
    }
    this.pending = {
      direction,
      score,
      regime,
      setupType,
      stopDistancePct,
      ...(id !== undefined ? { id } : {}),
      ...(takeProfitR !== undefined ? { takeProfitR } : {}),
    };
    return true;
  }

  protected accept(r: RowView, tsMs: number, symbolId: number): void {
    if (this.pending === undefined) return;
    const symbol = this.symbols.names[symbolId];
    if (this.pending.id === undefined) {
      // Without an id a signal is known by time, symbol and direction (its candidate id): two such rows would
      // silently become one, and which one would depend on row order.
      const key = `\u0000${tsMs}|${symbol}|${this.pending.direction}`;
      const first = this.ids.get(key);
      if (first !== undefined) {
        this.issue(r, this.c.direction, `duplicate ${this.pending.direction} signal for ${quote(symbol)} at ${formatTsMs(tsMs)} (first at ${first}); give each an id`);
        return;
      }
      this.ids.set(key, `${this.file.displayPath} line ${r.line}`);
    }
    this.out.push({ row: { tsMs, symbol, ...this.pending }, file: this.file.displayPath, line: r.line });
  }
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
