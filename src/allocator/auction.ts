// The greedy auction (allocator.md §5–6): locked positions first, then the best current value wins while limits allow.

import type { Contender } from './contender.js';
import { compareByValue } from './contender.js';
import { ContenderHeap } from './contenderHeap.js';
import type { ResolvedLimits } from './limits.js';
import { limitBrokenByAdding, PortfolioTally } from './limits.js';
import type { AllocatorSettings, PortfolioState, ReasonCode } from './types.js';
import { clusterPart, correlationPart, directionPart, valueWith } from './value.js';

/** What the auction decided for each contender, indexed by contender index. */
export interface AuctionResult {
  /** Winners in the order they were placed (locked first). */
  readonly winners: readonly Contender[];
  readonly isWinner: Uint8Array;
  /** The auction's reason; '' for contenders it never saw (none once it returns). */
  readonly reason: ReasonCode[];
  /** Value at the moment the auction decided the contender. */
  readonly value: Float64Array;
  readonly directionPenalty: Float64Array;
  readonly clusterPenalty: Float64Array;
  readonly correlationPenalty: Float64Array;
}

/** Keys within this distance of the top are re-ranked on their exact values, so rounding never reorders. */
function nearTieTolerance(key: number): number {
  return 1e-9 * (1 + Math.abs(key));
}

/** One auction over a contender table; the penalties are recomputed lazily as winners are added. */
export class Auction {
  private readonly keys: Float64Array;
  private readonly keyStamp: Int32Array;
  private readonly corrMax: Float64Array;
  private readonly corrUpTo: Int32Array;
  private readonly clusterPen: Float64Array;
  private readonly corrPen: Float64Array;
  private readonly heaps: [ContenderHeap, ContenderHeap];
  private readonly winners: Contender[] = [];
  private readonly sideWinners: [number, number] = [0, 0];
  readonly tally = new PortfolioTally();
  readonly result: AuctionResult;

  constructor(
    private readonly contenders: readonly Contender[],
    private readonly settings: AllocatorSettings,
    private readonly limits: ResolvedLimits,
    private readonly state: PortfolioState,
  ) {
    const n = contenders.length;
    this.keys = new Float64Array(n);
    this.keyStamp = new Int32Array(n).fill(-1);
    this.corrMax = new Float64Array(n).fill(-Infinity);
    this.corrUpTo = new Int32Array(n);
    this.clusterPen = new Float64Array(n);
    this.corrPen = new Float64Array(n);
    this.heaps = [new ContenderHeap(contenders, this.keys), new ContenderHeap(contenders, this.keys)];
    this.result = {
      winners: this.winners,
      isWinner: new Uint8Array(n),
      reason: new Array<ReasonCode>(n),
      value: new Float64Array(n),
      directionPenalty: new Float64Array(n),
      clusterPenalty: new Float64Array(n),
      correlationPenalty: new Float64Array(n),
    };
  }

  /** Places the locked positions, whatever their value, by the same greedy rule among themselves. */
  placeLocked(locked: readonly Contender[]): void {
    this.fillHeaps(locked);
    for (;;) {
      const best = this.takeBest();
      if (best < 0) break;
      this.accept(best, 'locked');
    }
  }

  /** Records a candidate's rejection before the auction (symbol already held), valued against the winners so far. */
  rejectBeforeAuction(c: Contender, reason: ReasonCode): void {
    this.record(c.index, this.currentValue(c.index), reason);
  }

  /** Runs the auction proper over the unlocked contenders. */
  run(contenders: readonly Contender[]): void {
    const { maxPositions } = this.limits;
    const { minValue } = this.settings;
    this.fillHeaps(contenders);
    for (;;) {
      if (this.winners.length >= maxPositions) break;
      const best = this.takeBest();
      if (best < 0) break;
      const value = this.result.value[best]!;
      if (value < minValue) {
        this.heaps[this.contenders[best]!.side].push(best);
        break;
      }
      const broken = limitBrokenByAdding(this.tally, this.contenders[best]!, this.limits);
      if (broken === null) this.accept(best, 'winner');
      else this.result.reason[best] = broken;
    }
    this.closeRemaining(minValue);
  }

  private fillHeaps(contenders: readonly Contender[]): void {
    const sides: [number[], number[]] = [[], []];
    for (const c of contenders) {
      this.refreshKey(c.index);
      sides[c.side].push(c.index);
    }
    this.heaps[0].buildFrom(sides[0]);
    this.heaps[1].buildFrom(sides[1]);
  }

  /** Whatever is left when the auction stops: below the floor, or out of slots. */
  private closeRemaining(minValue: number): void {
    for (const heap of this.heaps) {
      for (const index of heap.drain()) {
        const value = this.currentValue(index);
        this.record(index, value, value < minValue ? 'below_floor' : 'slot_cap');
      }
    }
  }

  private accept(index: number, reason: ReasonCode): void {
    const c = this.contenders[index]!;
    this.result.reason[index] = reason;
    this.result.isWinner[index] = 1;
    this.winners.push(c);
    this.sideWinners[c.side] += 1;
    this.tally.add(c);
  }

  private record(index: number, value: number, reason: ReasonCode): void {
    this.result.reason[index] = reason;
    this.result.value[index] = value;
  }

  /** Recomputes the cluster and correlation penalties of a contender given the winners so far, and its key. */
  private refreshKey(index: number): void {
    const c = this.contenders[index]!;
    const s = this.settings;
    const cl = clusterPart(s.clusterConcentrationPenalty, this.tally.clusterCount(c.cluster), this.limits.maxPerCluster);
    let corr = 0;
    if (s.correlationPenalty > 0) {
      let maxRho = this.corrMax[index]!;
      const correlation = this.state.correlation;
      if (correlation !== undefined) {
        for (let w = this.corrUpTo[index]!; w < this.winners.length; w++) {
          const winner = this.winners[w]!;
          const rho = correlation(c.symbol, winner.symbol) * c.sign * winner.sign;
          if (rho > maxRho) maxRho = rho;
        }
      }
      this.corrMax[index] = maxRho;
      this.corrUpTo[index] = this.winners.length;
      corr = correlationPart(s.correlationPenalty, maxRho);
    }
    this.clusterPen[index] = cl;
    this.corrPen[index] = corr;
    this.keys[index] = valueWith(c, 0, cl, corr);
    this.keyStamp[index] = this.winners.length;
  }

  private sideDirectionPart(side: 0 | 1): number {
    return directionPart(this.settings.directionConcentrationPenalty, this.sideWinners[side], this.winners.length);
  }

  /** The contender's value now, with its penalties recorded as its decision's terms. */
  private currentValue(index: number): number {
    if (this.keyStamp[index] !== this.winners.length) this.refreshKey(index);
    const c = this.contenders[index]!;
    const dir = this.sideDirectionPart(c.side);
    const r = this.result;
    r.directionPenalty[index] = dir;
    r.clusterPenalty[index] = this.clusterPen[index]!;
    r.correlationPenalty[index] = this.corrPen[index]!;
    const value = valueWith(c, dir, this.clusterPen[index]!, this.corrPen[index]!);
    r.value[index] = value;
    return value;
  }

  /** Makes the heap's root key current; stale keys are upper bounds, so a fresh root is the side's maximum. */
  private freshenRoot(heap: ContenderHeap): number {
    for (;;) {
      const top = heap.peek();
      if (top < 0 || this.keyStamp[top] === this.winners.length) return top;
      this.refreshKey(top);
      heap.rootKeyFell();
    }
  }

  /** Pops the best contender of one side by exact value and total order, or −1. */
  private takeBestOfSide(heap: ContenderHeap): number {
    const top = this.freshenRoot(heap);
    if (top < 0) return -1;
    const floor = this.keys[top]! - nearTieTolerance(this.keys[top]!);
    const child1 = heap.at(1);
    const child2 = heap.at(2);
    if ((child1 < 0 || this.keys[child1]! < floor) && (child2 < 0 || this.keys[child2]! < floor)) {
      heap.pop();
      this.currentValue(top);
      return top;
    }
    // Near-tie: rank every contender whose key is within the tolerance on its exact value.
    const tied: number[] = [];
    for (;;) {
      const next = this.freshenRoot(heap);
      if (next < 0 || this.keys[next]! < floor) break;
      tied.push(heap.pop());
    }
    let best = tied[0]!;
    let bestValue = this.currentValue(best);
    for (let i = 1; i < tied.length; i++) {
      const value = this.currentValue(tied[i]!);
      if (compareByValue(this.contenders[tied[i]!]!, value, this.contenders[best]!, bestValue) < 0) {
        best = tied[i]!;
        bestValue = value;
      }
    }
    for (const index of tied) if (index !== best) heap.push(index);
    this.currentValue(best);
    return best;
  }

  /** Takes the best undecided contender across both sides, or −1 when none is left. */
  private takeBest(): number {
    const long = this.takeBestOfSide(this.heaps[0]);
    const short = this.takeBestOfSide(this.heaps[1]);
    if (long < 0) return short;
    if (short < 0) return long;
    const v = this.result.value;
    const c = this.contenders;
    if (compareByValue(c[long]!, v[long]!, c[short]!, v[short]!) < 0) {
      this.heaps[1].push(short);
      return long;
    }
    this.heaps[0].push(long);
    return short;
  }
}
