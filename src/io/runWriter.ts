// Writing a run folder: a replay sink that streams fills, trades, cycles and decisions into a temporary folder.

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Decision } from '../allocator/types.js';
import type { ReplaySink } from '../sim/replay.js';
import type { CycleRecord, Fill, TradeRecord, UnfilledOrder } from '../sim/types.js';
import { csvRow } from './csvText.js';
import { DecisionLog } from './decisionLog.js';
import { DECISION_STATS_FILE, decisionStatsJson, DecisionTotals } from './decisionTotals.js';
import { isoTimestamp } from '../sim/isoTime.js';

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

/** ISO-8601 UTC with milliseconds: the one timestamp format of every output. */
export function isoTs(tsMs: number): string {
  return isoTimestamp(tsMs);
}

/** A plain file written synchronously in large chunks. */
class ChunkedFile {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;

  constructor(filePath: string) {
    this.fd = openSync(filePath, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.pending === 0) return;
    writeSync(this.fd, Buffer.from(this.parts.join(''), 'utf8'));
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

/** Streams one replay's records into `dir` (a temporary folder the caller renames when the run is complete). */
export class RunFolderWriter implements ReplaySink {
  private readonly fills: ChunkedFile;
  private readonly trades: ChunkedFile;
  private readonly cycles: ChunkedFile;
  private readonly unfilledOrders: ChunkedFile;
  private readonly decisionLog: DecisionLog | null;
  /** Kept whether or not the lines are written, so every run's report has its rejections and blocked gaps. */
  private readonly totals = new DecisionTotals();

  constructor(readonly dir: string, writeDecisions: boolean) {
    mkdirSync(dir, { recursive: true });
    this.fills = new ChunkedFile(path.join(dir, 'fills.csv'));
    this.trades = new ChunkedFile(path.join(dir, 'trades.csv'));
    this.cycles = new ChunkedFile(path.join(dir, 'cycles.csv'));
    this.unfilledOrders = new ChunkedFile(path.join(dir, 'unfilled.csv'));
    this.decisionLog = writeDecisions ? new DecisionLog(path.join(dir, 'decisions.jsonl.gz')) : null;
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
    this.decisionLog?.write(tsMs, decisions);
  }

  /** While the decision log's worker is behind, a promise to await before the next cycle. */
  whenReady(): Promise<void> | null {
    return this.decisionLog === null ? null : this.decisionLog.whenReady();
  }

  unfilled(u: UnfilledOrder): void {
    this.unfilledOrders.write(csvRow([isoTs(u.cycleTsMs), u.positionId, u.symbol, u.action, u.reason]));
  }

  /** Flushes and closes every file, and writes the decision totals. */
  async close(): Promise<void> {
    try {
      for (const f of [this.fills, this.trades, this.cycles, this.unfilledOrders]) f.close();
    } finally {
      // Even when a record file could not be written: the log's worker thread would keep the process alive.
      await this.decisionLog?.close();
    }
    writeFileSync(path.join(this.dir, DECISION_STATS_FILE), decisionStatsJson(this.totals.stats()));
  }
}
