// Writing a run folder: a replay sink that streams fills, trades, cycles and decisions into a temporary folder.

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { gzip, gzipSync } from 'node:zlib';
import type { Decision } from '../allocator/types.js';
import type { ReplaySink } from '../sim/replay.js';
import type { CycleRecord, Fill, TradeRecord, UnfilledOrder } from '../sim/types.js';
import { csvRow } from './csvText.js';
import { DECISION_STATS_FILE, decisionStatsJson, DecisionTotals } from './decisionTotals.js';

export const FILLS_HEADER = ['cycle_ts', 'fill_ts', 'position_id', 'symbol', 'side', 'action', 'quantity', 'price', 'notional', 'fee', 'slippage_cost', 'reason'];
export const TRADES_HEADER = [
  'position_id', 'symbol', 'direction', 'entry_ts', 'exit_ts', 'entry_price', 'exit_price', 'quantity', 'gross_pnl', 'fees',
  'funding', 'net_pnl', 'pnl_r', 'holding_minutes', 'exit_reason', 'entry_score', 'cluster',
];
export const CYCLES_HEADER = [
  'ts', 'equity', 'cash', 'unrealised', 'margin_used', 'positions', 'opens', 'closes', 'swaps', 'hysteresis_blocked',
  'traded_notional', 'fees', 'slippage', 'funding',
];
export const UNFILLED_HEADER = ['cycle_ts', 'position_id', 'symbol', 'action', 'reason'];

const FLUSH_BYTES = 1 << 20;
/** Level 1: decisions are millions of repetitive lines; the fastest level still shrinks them ~8×. */
const GZIP_LEVEL = 1;
/** Chunks compressing on the thread pool at once; past this a chunk is compressed in line. */
const MAX_CHUNKS_IN_FLIGHT = 4;

/** ISO-8601 UTC with milliseconds: the one timestamp format of every output. */
export function isoTs(tsMs: number): string {
  return new Date(tsMs).toISOString();
}

/**
 * A file written in large chunks. Plain files are written synchronously; gzip files are written as one gzip
 * member per chunk, compressed on libuv's thread pool while the replay goes on, and written in chunk order, so
 * the bytes are the same as compressing in line. `close()` resolves when every chunk is on disk.
 */
class ChunkedFile {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  /** Compressed chunks not yet written, in chunk order; null until their compression finishes. */
  private readonly queue: (Buffer | null)[] = [];
  private queueHead = 0;
  private failure: Error | null = null;
  private drained: (() => void) | null = null;
  /** Resolves the promise roomAvailable() gave, once fewer than MAX_CHUNKS_IN_FLIGHT chunks are in flight. */
  private roomMade: (() => void) | null = null;

  constructor(filePath: string, private readonly gzip: boolean) {
    this.fd = openSync(filePath, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  /** Chunks handed to the thread pool whose bytes are not yet written. */
  get chunksInFlight(): number {
    return this.queue.length - this.queueHead;
  }

  /**
   * A promise that resolves when a chunk can be compressed off the main thread again (null when one can now).
   * Compression finishes on the pool long before the next chunk is full, but its callback runs only when the
   * replay yields to the event loop: awaiting this is that yield, so no chunk is compressed in line.
   */
  roomAvailable(): Promise<void> | null {
    if (this.chunksInFlight < MAX_CHUNKS_IN_FLIGHT || this.failure !== null) return null;
    return new Promise<void>((resolve) => {
      this.roomMade = resolve;
    });
  }

  flush(): void {
    if (this.pending === 0) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    if (!this.gzip) {
      writeSync(this.fd, data);
      return;
    }
    if (this.queue.length - this.queueHead >= MAX_CHUNKS_IN_FLIGHT) {
      // The pool is behind: compress this one here, so uncompressed chunks never pile up in memory.
      this.queue.push(gzipSync(data, { level: GZIP_LEVEL }));
      this.writeReady();
      return;
    }
    const slot = this.queue.length;
    this.queue.push(null);
    gzip(data, { level: GZIP_LEVEL }, (error, compressed) => {
      if (error) this.failure ??= error;
      else this.queue[slot] = compressed;
      this.writeReady();
    });
  }

  /**
   * Writes every compressed chunk whose predecessors are all written. It runs inside zlib's callbacks, where a
   * throw would crash the process: a failed write (a full disk, say) is kept and thrown by close() instead.
   */
  private writeReady(): void {
    while (this.queueHead < this.queue.length && this.queue[this.queueHead] !== null) {
      if (this.failure === null) {
        try {
          writeSync(this.fd, this.queue[this.queueHead]!);
        } catch (error) {
          this.failure = error instanceof Error ? error : new Error(String(error));
        }
      }
      this.queue[this.queueHead] = null;
      this.queueHead++;
    }
    if (this.failure !== null || this.queueHead === this.queue.length) this.drained?.();
    if (this.roomMade !== null && (this.failure !== null || this.chunksInFlight < MAX_CHUNKS_IN_FLIGHT)) {
      const resolve = this.roomMade;
      this.roomMade = null;
      resolve();
    }
  }

  async close(): Promise<void> {
    this.flush();
    if (this.queueHead < this.queue.length && this.failure === null) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
    }
    closeSync(this.fd);
    if (this.failure !== null) throw this.failure;
  }
}

/** A JSON number: finite numbers as JSON writes them (the plan never holds NaN or infinities). */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/**
 * One decision as a JSON line, keys in a fixed order: ts, kind, id, symbol, outcome, reason, value, swapValue,
 * terms, then partnerId and gap when present. Written by hand because it runs millions of times a long replay;
 * strings from input still go through JSON.stringify for escaping.
 */
export function decisionLine(tsJson: string, d: Decision): string {
  const t = d.terms;
  let line =
    `{"ts":${tsJson},"kind":"${d.kind}","id":${JSON.stringify(d.id)},"symbol":${JSON.stringify(d.symbol)},` +
    `"outcome":"${d.outcome}","reason":"${d.reason}","value":${num(d.value)},"swapValue":${num(d.swapValue)},` +
    `"terms":{"base":${num(t.base)},"pnlBonus":${num(t.pnlBonus)},"trendBonus":${num(t.trendBonus)},` +
    `"timeDecayPenalty":${num(t.timeDecayPenalty)},"directionPenalty":${num(t.directionPenalty)},` +
    `"clusterPenalty":${num(t.clusterPenalty)},"correlationPenalty":${num(t.correlationPenalty)},"cost":${num(t.cost)}}`;
  if (d.partnerId !== undefined) line += `,"partnerId":${JSON.stringify(d.partnerId)}`;
  if (d.gap !== undefined) line += `,"gap":${num(d.gap)}`;
  return line + '}\n';
}

/** Streams one replay's records into `dir` (a temporary folder the caller renames when the run is complete). */
export class RunFolderWriter implements ReplaySink {
  private readonly fills: ChunkedFile;
  private readonly trades: ChunkedFile;
  private readonly cycles: ChunkedFile;
  private readonly unfilledOrders: ChunkedFile;
  private readonly decisionLines: ChunkedFile | null;
  /** Kept whether or not the lines are written, so every run's report has its rejections and blocked gaps. */
  private readonly totals = new DecisionTotals();

  constructor(readonly dir: string, writeDecisions: boolean) {
    mkdirSync(dir, { recursive: true });
    this.fills = new ChunkedFile(path.join(dir, 'fills.csv'), false);
    this.trades = new ChunkedFile(path.join(dir, 'trades.csv'), false);
    this.cycles = new ChunkedFile(path.join(dir, 'cycles.csv'), false);
    this.unfilledOrders = new ChunkedFile(path.join(dir, 'unfilled.csv'), false);
    this.decisionLines = writeDecisions ? new ChunkedFile(path.join(dir, 'decisions.jsonl.gz'), true) : null;
    this.fills.write(csvRow(FILLS_HEADER));
    this.trades.write(csvRow(TRADES_HEADER));
    this.cycles.write(csvRow(CYCLES_HEADER));
    this.unfilledOrders.write(csvRow(UNFILLED_HEADER));
  }

  fill(f: Fill): void {
    this.fills.write(
      csvRow([isoTs(f.cycleTsMs), isoTs(f.fillTsMs), f.positionId, f.symbol, f.side, f.action, f.quantity, f.price, f.notional, f.fee, f.slippageCost, f.reason]),
    );
  }

  trade(t: TradeRecord): void {
    this.trades.write(
      csvRow([
        t.positionId, t.symbol, t.direction, isoTs(t.entryTsMs), isoTs(t.exitTsMs), t.entryPrice, t.exitPrice, t.quantity, t.grossPnl,
        t.fees, t.funding, t.netPnl, t.pnlR, t.holdingMinutes, t.exitReason, t.entryScore, t.cluster,
      ]),
    );
  }

  cycle(c: CycleRecord): void {
    this.cycles.write(
      csvRow([
        isoTs(c.tsMs), c.equity, c.cash, c.unrealised, c.marginUsed, c.positions, c.opens, c.closes, c.swaps, c.hysteresisBlocked,
        c.tradedNotional, c.fees, c.slippage, c.funding,
      ]),
    );
  }

  decisions(tsMs: number, decisions: readonly Decision[]): void {
    for (const d of decisions) this.totals.add(d);
    if (this.decisionLines === null) return;
    const ts = JSON.stringify(isoTs(tsMs));
    const lines: string[] = [];
    for (const d of decisions) lines.push(decisionLine(ts, d));
    this.decisionLines.write(lines.join(''));
  }

  /** When the decision file has a full set of chunks compressing, a promise to await before the next cycle. */
  whenReady(): Promise<void> | null {
    return this.decisionLines === null ? null : this.decisionLines.roomAvailable();
  }

  unfilled(u: UnfilledOrder): void {
    this.unfilledOrders.write(csvRow([isoTs(u.cycleTsMs), u.positionId, u.symbol, u.action, u.reason]));
  }

  /** Flushes and closes every file, and writes the decision totals. */
  async close(): Promise<void> {
    for (const f of [this.fills, this.trades, this.cycles, this.unfilledOrders, this.decisionLines]) await f?.close();
    writeFileSync(path.join(this.dir, DECISION_STATS_FILE), decisionStatsJson(this.totals.stats()));
  }
}
