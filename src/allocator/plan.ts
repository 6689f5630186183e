// From auction winners to an executable plan (allocator.md §4, §7): forced and floor closes, swaps, free-slot opens.

import type { Auction } from './auction.js';
import type { Book } from './book.js';
import type { ContenderTable } from './contender.js';
import type { SwapPairs } from './hysteresis.js';
import { maxPairCount, pairsOf, swapGap } from './hysteresis.js';
import type { ResolvedLimits } from './limits.js';
import { hasNaN, sortBySwapValue, sortByStrength } from './planOrder.js';
import {
  forcedCode,
  O_CLOSE,
  O_KEEP,
  O_OPEN,
  O_REJECT,
  R_BELOW_FLOOR,
  R_HYSTERESIS_BLOCKED,
  R_MARGIN_CAP,
  R_NET_EXPOSURE_CAP,
  R_SLOT_CAP,
  R_SWAP_IN,
  R_SWAP_OUT,
  R_TRADE_BUDGET,
  R_WINNER,
} from './reasonCodes.js';
import type { AllocatorSettings } from './types.js';

/**
 * Builds the plan on the running portfolio (the open positions, changed as trades are planned). The verdicts the
 * steps give are kept by contender in typed arrays (outcome 0: none, the auction's verdict stands), reused across calls.
 */
export class PlanBuilder {
  closes: number[] = [];
  opens: number[] = [];
  outcome = new Uint8Array(64);
  reason = new Uint8Array(64);
  /** Partner contender, or −1; a verdict with a partner always has a gap. */
  partner = new Int32Array(64);
  gap = new Float64Array(64);
  private closed = new Uint8Array(64);
  /** Held contenders whose forced or floor close was refused: kept with the refusal's reason. */
  private refused = new Uint8Array(64);
  private releasedMargin = 0;
  private openedMargin = 0;
  private table!: ContenderTable;
  private auction!: Auction;
  private settings!: AllocatorSettings;
  private limits!: ResolvedLimits;
  private availableMargin = 0;
  /** The open positions now; becomes the portfolio after the plan. */
  private tally!: Book;

  reset(table: ContenderTable, auction: Auction, settings: AllocatorSettings, limits: ResolvedLimits, availableMargin: number, tally: Book): void {
    const n = table.n;
    if (this.outcome.length < n) {
      const cap = Math.max(64, n + (n >> 1));
      this.outcome = new Uint8Array(cap);
      this.reason = new Uint8Array(cap);
      this.partner = new Int32Array(cap);
      this.gap = new Float64Array(cap);
      this.closed = new Uint8Array(cap);
      this.refused = new Uint8Array(cap);
    }
    this.outcome.fill(0, 0, n);
    this.closed.fill(0, 0, table.heldCount);
    this.refused.fill(0, 0, table.heldCount);
    this.closes = [];
    this.opens = [];
    this.releasedMargin = 0;
    this.openedMargin = 0;
    this.table = table;
    this.auction = auction;
    this.settings = settings;
    this.limits = limits;
    this.availableMargin = availableMargin;
    this.tally = tally;
  }

  build(): void {
    const t = this.table;
    const value = this.auction.value;
    const held: number[] = [];
    for (let pos = 0; pos < t.heldCount; pos++) {
      const c = t.order[pos]!;
      if (t.locked[c] === 0) held.push(c);
    }
    // Only forced and floor closes walk the held positions weakest first (the pairing sorts its own lists by a
    // total order); without either, and without a NaN that would make the order matter, the sort is skipped.
    const over = this.tally.overAnyLimit(this.limits);
    const weakestFirst = held;
    if (over || this.anyBelowFloor(held) || hasNaN(held, value) || hasNaN(held, t.swapValue)) {
      sortByStrength(weakestFirst, t, value, true);
    }
    if (over) this.forcedCloses(weakestFirst);
    this.floorCloses(weakestFirst);

    const isWinner = this.auction.isWinner;
    const dropped = weakestFirst.filter((c) => !isWinner[c] && !this.settled(c));
    const added: number[] = [];
    for (let w = 0; w < this.auction.winnerCount; w++) {
      const c = this.auction.winners[w]!;
      if (c >= t.heldCount) added.push(c);
    }
    const droppedAsc = dropped;
    sortBySwapValue(droppedAsc, t, value, true);
    const addedDesc = added;
    sortBySwapValue(addedDesc, t, value, false);
    const k = maxPairCount(t, droppedAsc, addedDesc, this.settings.swapThreshold);
    this.applySwaps(droppedAsc, addedDesc, k);

    const unpaired = addedDesc.slice(k);
    sortByStrength(unpaired, t, value, false);
    this.openIntoFreeSlots(unpaired);
    this.blockRemainingDropped(droppedAsc.slice(k), unpaired);
  }

  private anyBelowFloor(held: readonly number[]): boolean {
    const reason = this.auction.reason;
    for (const c of held) if (reason[c] === R_BELOW_FLOOR) return true;
    return false;
  }

  /** A held contender whose close was planned or refused in step 2 is no longer dropped. */
  private settled(c: number): boolean {
    return this.closed[c] === 1 || this.refused[c] === 1;
  }

  private setVerdict(c: number, outcome: number, reason: number, partner = -1, gap = 0): void {
    this.outcome[c] = outcome;
    this.reason[c] = reason;
    this.partner[c] = partner;
    this.gap[c] = gap;
  }

  private budgetAllows(newOpens: number, newCloses: number): boolean {
    const s = this.settings;
    return (
      this.opens.length + newOpens <= s.maxNewOpensPerCycle &&
      this.closes.length + newCloses <= s.maxClosesPerCycle &&
      this.opens.length + this.closes.length + newOpens + newCloses <= s.maxTradesPerCycle
    );
  }

  private close(c: number, reason: number, partner = -1, gap = 0): void {
    this.closes.push(c);
    this.closed[c] = 1;
    this.tally.remove(c);
    this.releasedMargin += this.table.margin[c]!;
    this.setVerdict(c, O_CLOSE, reason, partner, gap);
  }

  private refuse(c: number, reason: number): void {
    this.refused[c] = 1;
    this.setVerdict(c, O_KEEP, reason);
  }

  private open(c: number, reason: number, partner = -1, gap = 0): void {
    this.opens.push(c);
    this.tally.add(c);
    this.openedMargin += this.table.margin[c]!;
    this.setVerdict(c, O_OPEN, reason, partner, gap);
  }

  /** Step 2a: while the book is over a limit, close what relieves it, the auction's losers first, weakest first. */
  private forcedCloses(weakestFirst: readonly number[]): void {
    const isWinner = this.auction.isWinner;
    const order = [...weakestFirst.filter((c) => !isWinner[c]), ...weakestFirst.filter((c) => isWinner[c])];
    for (const c of order) {
      if (!this.tally.overAnyLimit(this.limits)) return;
      const relieved = this.tally.limitRelievedByClosing(c, this.limits);
      if (relieved === 0 || this.tally.closeWorsensNet(c, this.limits)) continue;
      if (!this.budgetAllows(0, 1)) {
        this.refuse(c, R_TRADE_BUDGET);
        return;
      }
      this.close(c, forcedCode(relieved));
    }
  }

  /** Step 2b: close the dropped positions valued below the floor, weakest first, while the budget lasts. */
  private floorCloses(weakestFirst: readonly number[]): void {
    const reason = this.auction.reason;
    for (const c of weakestFirst) {
      if (this.closed[c] === 1 || reason[c] !== R_BELOW_FLOOR) continue;
      if (this.tally.closeWorsensNet(c, this.limits)) this.refuse(c, R_NET_EXPOSURE_CAP);
      else if (!this.budgetAllows(0, 1)) this.refuse(c, R_TRADE_BUDGET);
      else this.close(c, R_BELOW_FLOOR);
    }
  }

  /** Why a batch of swaps cannot be applied together (limits first, then budget), or 0 if it can. */
  private batchRefusal(pairs: SwapPairs): number {
    const broken = this.tally.limitBrokenByBatch(pairs.outs, pairs.ins, this.limits);
    if (broken !== 0) return broken;
    const margin = this.table.margin;
    let released = this.releasedMargin;
    let opened = this.openedMargin;
    for (const c of pairs.outs) released += margin[c]!;
    for (const c of pairs.ins) opened += margin[c]!;
    if (opened > 0 && opened > this.availableMargin + released) return R_MARGIN_CAP;
    return this.budgetAllows(pairs.outs.length, pairs.outs.length) ? 0 : R_TRADE_BUDGET;
  }

  /** The most swaps the trade budget leaves room for (each is one close and one open). */
  private swapsBudgetAllows(): number {
    const s = this.settings;
    const opens = this.opens.length;
    const closes = this.closes.length;
    return Math.max(
      0,
      Math.min(s.maxNewOpensPerCycle - opens, s.maxClosesPerCycle - closes, Math.floor((s.maxTradesPerCycle - opens - closes) / 2)),
    );
  }

  /** Step 4: the largest batch of the k pairs (weakest dropped with strongest added) that fits, applied together. */
  private applySwaps(droppedAsc: readonly number[], addedDesc: readonly number[], k: number): void {
    const t = this.table;
    const threshold = this.settings.swapThreshold;
    // Batches larger than the budget allows fail on it, unless a limit fails first: only the smallest such
    // batch is judged, for the reason its skipped pairs report.
    let j = Math.min(k, this.swapsBudgetAllows());
    let failure = R_TRADE_BUDGET;
    if (j < k) {
      const refusal = this.batchRefusal(pairsOf(t, droppedAsc, addedDesc, 0, j + 1, threshold));
      if (refusal !== 0) failure = refusal;
    }
    for (; j > 0; j--) {
      const refusal = this.batchRefusal(pairsOf(t, droppedAsc, addedDesc, 0, j, threshold));
      if (refusal === 0) break;
      failure = refusal;
    }
    // Applied strongest added first: the pairs in reverse.
    const applied = pairsOf(t, droppedAsc, addedDesc, 0, j, threshold);
    for (let i = j - 1; i >= 0; i--) {
      const out = applied.outs[i]!;
      const incoming = applied.ins[i]!;
      const gap = applied.gaps[i]!;
      this.close(out, R_SWAP_OUT, incoming, gap);
      this.open(incoming, R_SWAP_IN, out, gap);
    }
    const skipped = pairsOf(t, droppedAsc, addedDesc, j, k - j, threshold);
    for (let i = 0; i < k - j; i++) {
      const out = skipped.outs[i]!;
      const incoming = skipped.ins[i]!;
      const gap = skipped.gaps[i]!;
      this.setVerdict(out, O_KEEP, failure, incoming, gap);
      this.setVerdict(incoming, O_REJECT, failure, out, gap);
    }
  }

  /** Step 5: unpaired added candidates open into free slots, strongest first, each checked on the running book. */
  private openIntoFreeSlots(unpaired: readonly number[]): void {
    const margin = this.table.margin;
    for (const c of unpaired) {
      let refusal = this.tally.limitBrokenByAdding(c, this.limits);
      if (refusal === R_SLOT_CAP) refusal = R_HYSTERESIS_BLOCKED;
      else if (refusal === 0 && margin[c]! > 0 && this.openedMargin + margin[c]! > this.availableMargin + this.releasedMargin) {
        refusal = R_MARGIN_CAP;
      } else if (refusal === 0 && !this.budgetAllows(1, 0)) refusal = R_TRADE_BUDGET;
      if (refusal === 0) this.open(c, R_WINNER);
      else this.setVerdict(c, O_REJECT, refusal);
    }
  }

  /** Step 7: dropped positions with no valid partner stay, and name the best candidate they held off. */
  private blockRemainingDropped(remainingAsc: readonly number[], unpaired: readonly number[]): void {
    const t = this.table;
    const threshold = this.settings.swapThreshold;
    const swap = t.swapValue;
    let strongest = -1;
    for (const c of unpaired) if (strongest < 0 || swap[c]! > swap[strongest]!) strongest = c;
    const kept = remainingAsc.filter((c) => this.closed[c] !== 1);
    for (const c of kept) {
      if (this.settled(c)) continue;
      if (strongest < 0) this.setVerdict(c, O_KEEP, R_HYSTERESIS_BLOCKED);
      else this.setVerdict(c, O_KEEP, R_HYSTERESIS_BLOCKED, strongest, swapGap(t, c, strongest, threshold));
    }
    const weakestKept = kept.find((c) => !this.settled(c));
    if (weakestKept === undefined) return;
    for (const c of unpaired) {
      if (this.outcome[c] === 0) continue;
      if (this.reason[c] === R_HYSTERESIS_BLOCKED) {
        this.partner[c] = weakestKept;
        this.gap[c] = swapGap(t, weakestKept, c, threshold);
      }
    }
  }
}
