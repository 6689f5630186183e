// From auction winners to an executable plan (allocator.md §4, §7): forced and floor closes, swaps, free-slot opens.

import type { AuctionResult } from './auction.js';
import type { Contender } from './contender.js';
import { compareByValue } from './contender.js';
import type { SwapPair } from './hysteresis.js';
import { maxPairCount, pairsOf, swapGap } from './hysteresis.js';
import type { PortfolioTally, ResolvedLimits } from './limits.js';
import { limitBrokenByAdding, limitBrokenByBatch, limitRelievedByClosing, limitsOver } from './limits.js';
import type { AllocatorSettings, Outcome, ReasonCode } from './types.js';

/** The plan's verdict on one contender, before it becomes a Decision. */
export interface Verdict {
  outcome: Outcome;
  reason: ReasonCode;
  partnerId?: string;
  gap?: number;
}

export interface PlanSteps {
  readonly closes: Contender[];
  readonly opens: Contender[];
  /** Verdicts the plan's steps changed; every other contender keeps the auction's verdict (initialVerdict). */
  readonly verdicts: Array<Verdict | undefined>;
}

/** Builds the plan on the running portfolio (the open positions, changed as trades are planned). */
export class PlanBuilder {
  private readonly closes: Contender[] = [];
  private readonly opens: Contender[] = [];
  private readonly verdicts: Array<Verdict | undefined>;
  private releasedMargin = 0;
  private openedMargin = 0;
  private readonly closed = new Set<number>();
  /** Held positions whose forced or floor close was refused: kept with the refusal's reason. */
  private readonly refused = new Set<number>();

  constructor(
    private readonly contenders: readonly Contender[],
    private readonly auction: AuctionResult,
    private readonly settings: AllocatorSettings,
    private readonly limits: ResolvedLimits,
    private readonly availableMargin: number,
    /** The open positions now; becomes the portfolio after the plan. */
    private readonly tally: PortfolioTally,
  ) {
    this.verdicts = new Array<Verdict | undefined>(contenders.length);
  }

  build(): PlanSteps {
    // Contenders come held first, so the held ones are a prefix of the table.
    let heldCount = 0;
    while (heldCount < this.contenders.length && this.contenders[heldCount]!.kind === 'held') heldCount++;
    const held = this.contenders.slice(0, heldCount).filter((c) => !c.locked);
    const byStrength = (a: Contender, b: Contender): number => this.compareRank(a, b);
    const weakestFirst = held.slice().sort((a, b) => byStrength(b, a));
    this.forcedCloses(weakestFirst);
    this.floorCloses(weakestFirst);

    const dropped = weakestFirst.filter((c) => !this.auction.isWinner[c.index] && !this.settled(c));
    const added = this.auction.winners.filter((c) => c.kind === 'new');
    const droppedAsc = dropped.sort((a, b) => a.swapValue - b.swapValue || byStrength(b, a));
    const addedDesc = added.sort((a, b) => b.swapValue - a.swapValue || byStrength(a, b));
    const threshold = this.settings.swapThreshold;
    const k = maxPairCount(droppedAsc, addedDesc, threshold);
    this.applySwaps(droppedAsc, addedDesc, k);

    const unpaired = addedDesc.slice(k).sort(byStrength);
    this.openIntoFreeSlots(unpaired);
    this.blockRemainingDropped(droppedAsc.slice(k), unpaired);
    return { closes: this.closes, opens: this.opens, verdicts: this.verdicts };
  }

  private compareRank(a: Contender, b: Contender): number {
    const v = this.auction.value;
    return compareByValue(a, v[a.index]!, b, v[b.index]!);
  }

  /** A held position whose close was planned or refused in step 2 is no longer dropped. */
  private settled(c: Contender): boolean {
    return this.closed.has(c.index) || this.refused.has(c.index);
  }

  private budgetAllows(newOpens: number, newCloses: number): boolean {
    const s = this.settings;
    return (
      this.opens.length + newOpens <= s.maxNewOpensPerCycle &&
      this.closes.length + newCloses <= s.maxClosesPerCycle &&
      this.opens.length + this.closes.length + newOpens + newCloses <= s.maxTradesPerCycle
    );
  }

  private close(c: Contender, verdict: Verdict): void {
    this.closes.push(c);
    this.closed.add(c.index);
    this.tally.remove(c);
    this.releasedMargin += c.margin;
    this.verdicts[c.index] = verdict;
  }

  private refuse(c: Contender, reason: ReasonCode): void {
    this.refused.add(c.index);
    this.verdicts[c.index] = { outcome: 'keep', reason };
  }

  private open(c: Contender, verdict: Verdict): void {
    this.opens.push(c);
    this.tally.add(c);
    this.openedMargin += c.margin;
    this.verdicts[c.index] = verdict;
  }

  /** Whether closing `c` would make the net exposure worse (the only limit a close can worsen). */
  private closeWorsensNet(c: Contender): boolean {
    const { maxNetLong, maxNetShort } = this.limits;
    const before = this.tally.netMargin;
    const after = before - c.sign * c.margin;
    if (maxNetLong !== undefined && after > maxNetLong && after > before) return true;
    return maxNetShort !== undefined && -after > maxNetShort && -after > -before;
  }

  /** Step 2a: while the book is over a limit, close what relieves it, the auction's losers first, weakest first. */
  private forcedCloses(weakestFirst: readonly Contender[]): void {
    if (limitsOver(this.tally, this.limits).size === 0) return;
    const isWinner = this.auction.isWinner;
    const order = [...weakestFirst.filter((c) => !isWinner[c.index]), ...weakestFirst.filter((c) => isWinner[c.index])];
    for (const c of order) {
      if (limitsOver(this.tally, this.limits).size === 0) return;
      const relieved = limitRelievedByClosing(this.tally, c, this.limits);
      if (relieved === null || this.closeWorsensNet(c)) continue;
      if (!this.budgetAllows(0, 1)) {
        this.refuse(c, 'trade_budget');
        return;
      }
      this.close(c, { outcome: 'close', reason: `forced_${relieved}` });
    }
  }

  /** Step 2b: close the dropped positions valued below the floor, weakest first, while the budget lasts. */
  private floorCloses(weakestFirst: readonly Contender[]): void {
    for (const c of weakestFirst) {
      if (this.closed.has(c.index) || this.auction.reason[c.index] !== 'below_floor') continue;
      if (this.closeWorsensNet(c)) this.refuse(c, 'net_exposure_cap');
      else if (!this.budgetAllows(0, 1)) this.refuse(c, 'trade_budget');
      else this.close(c, { outcome: 'close', reason: 'below_floor' });
    }
  }

  /** Why a batch of swaps cannot be applied together (limits first, then budget), or null if it can. */
  private batchRefusal(pairs: readonly SwapPair[]): ReasonCode | null {
    const outgoing = pairs.map((p) => p.out);
    const incoming = pairs.map((p) => p.in);
    const broken = limitBrokenByBatch(this.tally, outgoing, incoming, this.limits);
    if (broken !== null) return broken;
    let released = this.releasedMargin;
    let opened = this.openedMargin;
    for (const p of pairs) released += p.out.margin;
    for (const p of pairs) opened += p.in.margin;
    if (opened > 0 && opened > this.availableMargin + released) return 'margin_cap';
    return this.budgetAllows(pairs.length, pairs.length) ? null : 'trade_budget';
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
  private applySwaps(droppedAsc: readonly Contender[], addedDesc: readonly Contender[], k: number): void {
    const threshold = this.settings.swapThreshold;
    // Batches larger than the budget allows fail on it, unless a limit fails first: only the smallest such
    // batch is judged, for the reason its skipped pairs report.
    let j = Math.min(k, this.swapsBudgetAllows());
    let failure: ReasonCode = 'trade_budget';
    if (j < k) failure = this.batchRefusal(pairsOf(droppedAsc, addedDesc, j + 1, threshold)) ?? 'trade_budget';
    for (; j > 0; j--) {
      const refusal = this.batchRefusal(pairsOf(droppedAsc, addedDesc, j, threshold));
      if (refusal === null) break;
      failure = refusal;
    }
    const applied = pairsOf(droppedAsc, addedDesc, j, threshold).reverse();
    for (const p of applied) {
      this.close(p.out, { outcome: 'close', reason: 'swap_out', partnerId: p.in.id, gap: p.gap });
      this.open(p.in, { outcome: 'open', reason: 'swap_in', partnerId: p.out.id, gap: p.gap });
    }
    const skipped = pairsOf(droppedAsc.slice(j, k), addedDesc.slice(j, k), k - j, threshold);
    for (const p of skipped) {
      this.verdicts[p.out.index] = { outcome: 'keep', reason: failure, partnerId: p.in.id, gap: p.gap };
      this.verdicts[p.in.index] = { outcome: 'reject', reason: failure, partnerId: p.out.id, gap: p.gap };
    }
  }

  /** Step 5: unpaired added candidates open into free slots, strongest first, each checked on the running book. */
  private openIntoFreeSlots(unpaired: readonly Contender[]): void {
    for (const c of unpaired) {
      let refusal: ReasonCode | null = limitBrokenByAdding(this.tally, c, this.limits);
      if (refusal === 'slot_cap') refusal = 'hysteresis_blocked';
      else if (refusal === null && c.margin > 0 && this.openedMargin + c.margin > this.availableMargin + this.releasedMargin) {
        refusal = 'margin_cap';
      } else if (refusal === null && !this.budgetAllows(1, 0)) refusal = 'trade_budget';
      if (refusal === null) this.open(c, { outcome: 'open', reason: 'winner' });
      else this.verdicts[c.index] = { outcome: 'reject', reason: refusal };
    }
  }

  /** Step 7: dropped positions with no valid partner stay, and name the best candidate they held off. */
  private blockRemainingDropped(remainingAsc: readonly Contender[], unpaired: readonly Contender[]): void {
    const threshold = this.settings.swapThreshold;
    const strongest = unpaired.reduce<Contender | undefined>(
      (best, c) => (best === undefined || c.swapValue > best.swapValue ? c : best),
      undefined,
    );
    const kept = remainingAsc.filter((c) => !this.closed.has(c.index));
    for (const c of kept) {
      if (this.settled(c)) continue;
      this.verdicts[c.index] =
        strongest === undefined
          ? { outcome: 'keep', reason: 'hysteresis_blocked' }
          : { outcome: 'keep', reason: 'hysteresis_blocked', partnerId: strongest.id, gap: swapGap(c, strongest, threshold) };
    }
    const weakestKept = kept.find((c) => !this.settled(c));
    if (weakestKept === undefined) return;
    for (const c of unpaired) {
      const v = this.verdicts[c.index];
      if (v === undefined) continue;
      if (v.reason === 'hysteresis_blocked') {
        this.verdicts[c.index] = { ...v, partnerId: weakestKept.id, gap: swapGap(weakestKept, c, threshold) };
      }
    }
  }
}

/** Before the plan's steps: locked and winning held positions stay, losing candidates keep the auction's reason. */
export function initialVerdict(c: Contender, auction: AuctionResult): Verdict {
  const reason = auction.reason[c.index]!;
  if (c.kind === 'held') return { outcome: 'keep', reason };
  return { outcome: auction.isWinner[c.index] ? 'open' : 'reject', reason };
}
