// Values during one auction (allocator.md §3, §6): keys without the direction part, refreshed lazily as winners come.

import { Book } from './book.js';
import type { ContenderTable } from './contender.js';
import type { ResolvedLimits } from './limits.js';
import type { AllocatorSettings } from './types.js';
import { clusterPart, correlationPart, directionPart } from './value.js';

/**
 * The valuation state of one auction, reused across calls: each contender's key (its value without the direction
 * part, which is the same for a whole side), the penalties stored with it, and what the auction decided. What it
 * decided is read from its arrays, indexed by contender: once one is decided nothing refreshes it again, so its
 * cluster and correlation penalties stay those of its decision.
 */
export class Valuation {
  protected table: ContenderTable;
  protected settings!: AllocatorSettings;
  protected limits!: ResolvedLimits;
  protected correlation: ((a: string, b: string) => number) | undefined;
  protected symbolNames: readonly string[] = [];
  /** Key: value without the direction part, as of keyStamp winners (see isFresh). */
  protected keys = new Float64Array(64);
  protected keyStamp = new Int32Array(64);
  /** Per cluster: the winner count just after its latest winner, so keys computed since are still exact. */
  protected clusterStamp = new Int32Array(16);
  /** No correlation function to consult: a key then depends on the winners through its cluster's count only. */
  protected correlationOff = true;
  private corrMax = new Float64Array(64);
  private corrUpTo = new Int32Array(64);
  private sideWinners0 = 0;
  private sideWinners1 = 0;
  /** The direction part of each side given the winners so far. */
  protected sideDir0 = 0;
  protected sideDir1 = 0;
  readonly tally: Book;

  /** Winners in the order they were placed (locked first). */
  winners = new Int32Array(64);
  winnerCount = 0;
  isWinner = new Uint8Array(64);
  /** The auction's reason code. */
  reason = new Uint8Array(64);
  /** Value at the moment the auction decided the contender, and its penalty terms. */
  value = new Float64Array(64);
  directionPenalty = new Float64Array(64);
  clusterPenalty = new Float64Array(64);
  correlationPenalty = new Float64Array(64);

  constructor(table: ContenderTable) {
    this.table = table;
    this.tally = new Book(table);
  }

  /** Prepares a call: no winners, every key stale, room for the table's contenders. */
  protected resetValuation(
    table: ContenderTable,
    settings: AllocatorSettings,
    limits: ResolvedLimits,
    correlation: ((a: string, b: string) => number) | undefined,
    symbolNames: readonly string[],
    symbols: number,
    clusters: number,
  ): void {
    const n = table.n;
    this.table = table;
    this.settings = settings;
    this.limits = limits;
    this.correlation = correlation;
    this.symbolNames = symbolNames;
    if (this.keys.length < n) this.grow(n);
    this.keyStamp.fill(-1, 0, n);
    if (this.clusterStamp.length < clusters) this.clusterStamp = new Int32Array(clusters * 2);
    this.clusterStamp.fill(0, 0, clusters);
    this.correlationOff = correlation === undefined;
    if (settings.correlationPenalty > 0) {
      this.corrMax.fill(-Infinity, 0, n);
      this.corrUpTo.fill(0, 0, n);
    }
    this.isWinner.fill(0, 0, n);
    this.winnerCount = 0;
    this.sideWinners0 = 0;
    this.sideWinners1 = 0;
    this.sideDir0 = 0;
    this.sideDir1 = 0;
    this.tally.reset(table, clusters, symbols);
  }

  private grow(n: number): void {
    const cap = Math.max(64, n + (n >> 1));
    this.keys = new Float64Array(cap);
    this.keyStamp = new Int32Array(cap);
    this.corrMax = new Float64Array(cap);
    this.corrUpTo = new Int32Array(cap);
    this.winners = new Int32Array(cap);
    this.isWinner = new Uint8Array(cap);
    this.reason = new Uint8Array(cap);
    this.value = new Float64Array(cap);
    this.directionPenalty = new Float64Array(cap);
    this.clusterPenalty = new Float64Array(cap);
    this.correlationPenalty = new Float64Array(cap);
  }

  /** Adds a winner: its reason, the tally, the stamps that make keys in its cluster stale, the direction parts. */
  protected accept(c: number, reason: number): void {
    this.reason[c] = reason;
    this.isWinner[c] = 1;
    this.winners[this.winnerCount++] = c;
    // Without a cluster penalty a key never depends on the winners (the direction part is kept apart), so no
    // winner makes one stale: the auction then never recomputes a key or restores the heap for nothing.
    if (this.settings.clusterConcentrationPenalty > 0) this.clusterStamp[this.table.cluster[c]!] = this.winnerCount;
    if (this.table.side[c] === 0) this.sideWinners0 += 1;
    else this.sideWinners1 += 1;
    this.tally.add(c);
    const penalty = this.settings.directionConcentrationPenalty;
    this.sideDir0 = directionPart(penalty, this.sideWinners0, this.winnerCount);
    this.sideDir1 = directionPart(penalty, this.sideWinners1, this.winnerCount);
  }

  /** Recomputes the cluster and correlation penalties of contender c given the winners so far, and its key. */
  protected refreshKey(c: number): void {
    const t = this.table;
    const s = this.settings;
    const cl = clusterPart(s.clusterConcentrationPenalty, this.tally.clusterCounts[t.cluster[c]!]!, this.limits.maxPerCluster);
    let corr = 0;
    if (s.correlationPenalty > 0) corr = this.correlationOf(c);
    this.clusterPenalty[c] = cl;
    this.correlationPenalty[c] = corr;
    this.keys[c] = t.pre[c]! - (0 + cl) - corr - t.post[c]!;
    this.keyStamp[c] = this.winnerCount;
  }

  /**
   * Whether the key (and the penalties stored with it) is exact for the winners so far. With correlation on, only
   * if computed since the last winner; without, also if no winner joined its cluster since, because recomputing
   * it would give the same bits (and restoring the heap after an unchanged key moves nothing).
   */
  protected isFresh(c: number): boolean {
    const stamp = this.keyStamp[c]!;
    if (this.correlationOff) return stamp >= this.clusterStamp[this.table.cluster[c]!]!;
    return stamp === this.winnerCount;
  }

  /** The correlation penalty: the largest same-way correlation with a winner, extended over the new winners only. */
  protected correlationOf(c: number): number {
    const t = this.table;
    let maxRho = this.corrMax[c]!;
    const correlation = this.correlation;
    if (correlation !== undefined) {
      const names = this.symbolNames;
      const symbol = names[t.symbol[c]!]!;
      const sign = t.side[c] === 0 ? 1 : -1;
      for (let w = this.corrUpTo[c]!; w < this.winnerCount; w++) {
        const winner = this.winners[w]!;
        const rho = correlation(symbol, names[t.symbol[winner]!]!) * sign * (t.side[winner] === 0 ? 1 : -1);
        if (rho > maxRho) maxRho = rho;
      }
    }
    this.corrMax[c] = maxRho;
    this.corrUpTo[c] = this.winnerCount;
    return correlationPart(this.settings.correlationPenalty, maxRho);
  }

  /** Contender c's value now, with its penalties recorded as its decision's terms. */
  protected currentValue(c: number): number {
    if (!this.isFresh(c)) this.refreshKey(c);
    const t = this.table;
    const dir = t.side[c] === 0 ? this.sideDir0 : this.sideDir1;
    this.directionPenalty[c] = dir;
    const value = t.pre[c]! - (dir + this.clusterPenalty[c]!) - this.correlationPenalty[c]! - t.post[c]!;
    this.value[c] = value;
    return value;
  }
}
