// The greedy auction (allocator.md §5–6): locked positions first, then the best current value wins while limits allow.

import type { ContenderTable } from './contender.js';
import { compareByValue } from './contender.js';
import { ContenderHeap } from './contenderHeap.js';
import type { ResolvedLimits } from './limits.js';
import { R_BELOW_FLOOR, R_LOCKED, R_SLOT_CAP, R_SYMBOL_HELD, R_WINNER } from './reasonCodes.js';
import type { AllocatorSettings } from './types.js';
import { Valuation } from './valuation.js';
import { clusterPart } from './value.js';

/** Keys within this distance of the top are re-ranked on their exact values, so rounding never reorders. */
function nearTieTolerance(key: number): number {
  return 1e-9 * (1 + Math.abs(key));
}

/**
 * One auction over a contender table, reused across calls: each side's bidders in a max-heap on their keys,
 * refreshed lazily (a stale key is an upper bound), the best current value taken while limits allow.
 */
export class Auction extends Valuation {
  private readonly heaps: [ContenderHeap, ContenderHeap];
  /** Set by bestOfSide when it left its contender at the heap's root. */
  private left = false;

  constructor(table: ContenderTable) {
    super(table);
    this.heaps = [new ContenderHeap(table, this.keys), new ContenderHeap(table, this.keys)];
  }

  /** Prepares a call: no winners, every key stale, empty heaps. */
  reset(
    table: ContenderTable,
    settings: AllocatorSettings,
    limits: ResolvedLimits,
    correlation: ((a: string, b: string) => number) | undefined,
    symbolNames: readonly string[],
    symbols: number,
    clusters: number,
  ): void {
    this.resetValuation(table, settings, limits, correlation, symbolNames, symbols, clusters);
    this.heaps[0].reset(table, this.keys, table.n);
    this.heaps[1].reset(table, this.keys, table.n);
  }

  /** Places the locked positions, whatever their value, by the same greedy rule among themselves. */
  placeLocked(): void {
    const t = this.table;
    for (let pos = 0; pos < t.heldCount; pos++) {
      const c = t.order[pos]!;
      if (t.locked[c] === 1) this.enter(c);
    }
    this.heapifyBoth();
    for (;;) {
      const best = this.takeBest();
      if (best < 0) break;
      this.accept(best, R_LOCKED);
    }
  }

  /**
   * Candidates on a held symbol are rejected before the auction, valued against the locked winners; the unlocked
   * open positions and the other candidates then bid, each side in one heap. Both in decision order.
   */
  enterBidders(heldSymbol: Uint8Array): void {
    const t = this.table;
    const order = t.order;
    if (this.correlation !== undefined) {
      // The correlation function sees every symbol_held valuation before any bidder's, as it always did.
      for (let pos = t.heldCount; pos < t.n; pos++) {
        const c = order[pos]!;
        if (heldSymbol[t.symbol[c]!] === 1) {
          this.currentValue(c);
          this.reason[c] = R_SYMBOL_HELD;
        }
      }
    }
    for (let pos = 0; pos < t.heldCount; pos++) {
      const c = order[pos]!;
      if (t.locked[c] === 0) this.enter(c);
    }
    if (this.correlation !== undefined) {
      for (let pos = t.heldCount; pos < t.n; pos++) {
        const c = order[pos]!;
        if (heldSymbol[t.symbol[c]!] !== 1) this.enter(c);
      }
    } else this.enterCandidates(heldSymbol);
    this.heapifyBoth();
  }

  /**
   * enterBidders' candidate loop without correlation, in one pass: a valuation touches nothing but its own
   * contender, so interleaving the rejections with the entries changes nothing.
   */
  private enterCandidates(heldSymbol: Uint8Array): void {
    const t = this.table;
    const { order, symbol, cluster, side, pre, post } = t;
    const { keys, keyStamp, clusterPenalty, correlationPenalty, directionPenalty, value, reason } = this;
    const clusterCounts = this.tally.clusterCounts;
    const penalty = this.settings.clusterConcentrationPenalty;
    const maxPerCluster = this.limits.maxPerCluster;
    const stamp = this.winnerCount;
    const long = this.heaps[0];
    const short = this.heaps[1];
    for (let pos = t.heldCount; pos < t.n; pos++) {
      const c = order[pos]!;
      const cl = clusterPart(penalty, clusterCounts[cluster[c]!]!, maxPerCluster);
      clusterPenalty[c] = cl;
      correlationPenalty[c] = 0;
      keys[c] = pre[c]! - (0 + cl) - 0 - post[c]!;
      keyStamp[c] = stamp;
      if (heldSymbol[symbol[c]!] === 1) {
        const dir = side[c] === 0 ? this.sideDir0 : this.sideDir1;
        directionPenalty[c] = dir;
        value[c] = pre[c]! - (dir + cl) - 0 - post[c]!;
        reason[c] = R_SYMBOL_HELD;
      } else if (side[c] === 0) long.append(c);
      else short.append(c);
    }
  }

  /** Runs the auction proper over the bidders. */
  run(): void {
    const maxPositions = this.limits.maxPositions;
    const minValue = this.settings.minValue;
    for (;;) {
      if (this.winnerCount >= maxPositions) break;
      const best = this.takeBest();
      if (best < 0) break;
      if (this.value[best]! < minValue) {
        this.heaps[this.table.side[best]!].push(best);
        break;
      }
      const broken = this.tally.limitBrokenByAdding(best, this.limits);
      if (broken === 0) this.accept(best, R_WINNER);
      else this.reason[best] = broken;
    }
    this.closeRemaining(minValue);
  }

  private enter(c: number): void {
    this.refreshKey(c);
    this.heaps[this.table.side[c]!].append(c);
  }

  private heapifyBoth(): void {
    this.heaps[0].heapify();
    this.heaps[1].heapify();
  }

  /**
   * Whatever is left when the auction stops: below the floor, or out of slots, valued against the final winners
   * in heap order. Their keys no longer matter, so only the decision's terms are written.
   */
  private closeRemaining(minValue: number): void {
    const t = this.table;
    const { cluster, side, pre, post } = t;
    const { clusterPenalty, correlationPenalty, directionPenalty, value, reason } = this;
    const clusterCounts = this.tally.clusterCounts;
    const penalty = this.settings.clusterConcentrationPenalty;
    const correlationOn = this.settings.correlationPenalty > 0;
    const maxPerCluster = this.limits.maxPerCluster;
    for (const heap of this.heaps) {
      for (let pos = 0; pos < heap.size; pos++) {
        const c = heap.itemAt(pos);
        let cl: number;
        let corr: number;
        if (this.isFresh(c)) {
          cl = clusterPenalty[c]!;
          corr = correlationPenalty[c]!;
        } else {
          cl = clusterPart(penalty, clusterCounts[cluster[c]!]!, maxPerCluster);
          corr = correlationOn ? this.correlationOf(c) : 0;
          clusterPenalty[c] = cl;
          correlationPenalty[c] = corr;
        }
        const dir = side[c] === 0 ? this.sideDir0 : this.sideDir1;
        directionPenalty[c] = dir;
        const v = pre[c]! - (dir + cl) - corr - post[c]!;
        value[c] = v;
        reason[c] = v < minValue ? R_BELOW_FLOOR : R_SLOT_CAP;
      }
      heap.clear();
    }
  }

  /** Makes the heap's root key current; stale keys are upper bounds, so a fresh root is the side's maximum. */
  private freshenRoot(heap: ContenderHeap): number {
    for (;;) {
      const top = heap.peek();
      if (top < 0 || this.isFresh(top)) return top;
      this.refreshKey(top);
      heap.rootKeyFell();
    }
  }

  /**
   * The best contender of one side by exact value and total order, or −1; it is taken out of the heap unless
   * `mayLeave` and the heap's root is the only key within the tolerance, in which case it is left at the root
   * and `left` is set.
   */
  private bestOfSide(heap: ContenderHeap, mayLeave: boolean): number {
    this.left = false;
    const top = this.freshenRoot(heap);
    if (top < 0) return -1;
    const keys = this.keys;
    const floor = keys[top]! - nearTieTolerance(keys[top]!);
    const child1 = heap.at(1);
    const child2 = heap.at(2);
    if ((child1 < 0 || keys[child1]! < floor) && (child2 < 0 || keys[child2]! < floor)) {
      if (mayLeave) this.left = true;
      else heap.pop();
      this.currentValue(top);
      return top;
    }
    // Near-tie: rank every contender whose key is within the tolerance on its exact value.
    const tied: number[] = [];
    for (;;) {
      const next = this.freshenRoot(heap);
      if (next < 0 || keys[next]! < floor) break;
      tied.push(heap.pop());
    }
    const t = this.table;
    let best = tied[0]!;
    let bestValue = this.currentValue(best);
    for (let i = 1; i < tied.length; i++) {
      const value = this.currentValue(tied[i]!);
      if (compareByValue(t, tied[i]!, value, best, bestValue) < 0) {
        best = tied[i]!;
        bestValue = value;
      }
    }
    for (const c of tied) if (c !== best) heap.push(c);
    this.currentValue(best);
    return best;
  }

  /**
   * Takes the best undecided contender across both sides out of its heap, or returns −1 when none is left.
   *
   * Which contender a side offers depends only on the keys and values, not on the heap's layout: its fresh root has
   * the largest key (stale keys are upper bounds), every key within the tolerance of it is ranked on its exact value,
   * and the root is taken alone only when no other key is that close. So without a correlation function, whose calls
   * would show the order in which keys are refreshed, the losing side's candidate can stay where it is instead of
   * being popped and pushed back.
   */
  private takeBest(): number {
    const mayLeave = this.correlationOff;
    const longHeap = this.heaps[0];
    const shortHeap = this.heaps[1];
    const long = this.bestOfSide(longHeap, mayLeave);
    const longLeft = this.left;
    const short = this.bestOfSide(shortHeap, mayLeave);
    const shortLeft = this.left;
    let takeLong: boolean;
    if (long < 0) takeLong = false;
    else if (short < 0) takeLong = true;
    else takeLong = compareByValue(this.table, long, this.value[long]!, short, this.value[short]!) < 0;
    if (takeLong) {
      if (longLeft) longHeap.pop();
      if (short >= 0 && !shortLeft) shortHeap.push(short);
      return long;
    }
    if (short >= 0 && shortLeft) shortHeap.pop();
    if (long >= 0 && !longLeft) longHeap.push(long);
    return short;
  }
}
