// A running portfolio of contenders, with typed-array tallies, and the hard-limit rules on it (allocator.md §4).

// The same rules as limits.ts (which the simulator's baseline policy uses on its own Map-based tally), with clusters
// and symbols as this call's small-integer ids; margins are summed in the same order, so the bits agree.

import type { ContenderTable } from './contender.js';
import type { ResolvedLimits } from './limits.js';
import { R_CLUSTER_CAP, R_MARGIN_CAP, R_NET_EXPOSURE_CAP, R_SLOT_CAP, R_SYMBOL_CAP } from './reasonCodes.js';

/** Counts and margins of a set of contenders, changed one at a time. */
export class Book {
  count = 0;
  marginSum = 0;
  /** Σ margin long − Σ margin short. */
  netMargin = 0;
  clusterCounts = new Int32Array(16);
  symbolCounts = new Int32Array(16);
  private clusters = 0;
  private symbols = 0;

  constructor(private table: ContenderTable) {}

  /** Empties the book for a call with this many cluster and symbol ids. */
  reset(table: ContenderTable, clusters: number, symbols: number): void {
    this.table = table;
    if (this.clusterCounts.length < clusters) this.clusterCounts = new Int32Array(clusters * 2);
    if (this.symbolCounts.length < symbols) this.symbolCounts = new Int32Array(symbols * 2);
    this.clusterCounts.fill(0, 0, clusters);
    this.symbolCounts.fill(0, 0, symbols);
    this.clusters = clusters;
    this.symbols = symbols;
    this.count = 0;
    this.marginSum = 0;
    this.netMargin = 0;
  }

  add(c: number): void {
    const t = this.table;
    const margin = t.margin[c]!;
    this.count += 1;
    this.marginSum += margin;
    this.netMargin += (t.side[c] === 0 ? 1 : -1) * margin;
    this.clusterCounts[t.cluster[c]!]! += 1;
    this.symbolCounts[t.symbol[c]!]! += 1;
  }

  remove(c: number): void {
    const t = this.table;
    const margin = t.margin[c]!;
    this.count -= 1;
    this.marginSum -= margin;
    this.netMargin -= (t.side[c] === 0 ? 1 : -1) * margin;
    this.clusterCounts[t.cluster[c]!]! -= 1;
    this.symbolCounts[t.symbol[c]!]! -= 1;
  }

  /** The first limit (slots, cluster, symbol, margin, net exposure) that adding contender c breaks, or 0. */
  limitBrokenByAdding(c: number, limits: ResolvedLimits): number {
    const t = this.table;
    if (this.count + 1 > limits.maxPositions) return R_SLOT_CAP;
    if (this.clusterCounts[t.cluster[c]!]! + 1 > limits.maxPerCluster) return R_CLUSTER_CAP;
    if (this.symbolCounts[t.symbol[c]!]! + 1 > limits.maxPerSymbol) return R_SYMBOL_CAP;
    const margin = t.margin[c]!;
    if (margin > 0 && this.marginSum + margin > limits.marginCap) return R_MARGIN_CAP;
    const sign = t.side[c] === 0 ? 1 : -1;
    if (margin > 0 && netExposureWorse(this.netMargin, this.netMargin + sign * margin, limits)) return R_NET_EXPOSURE_CAP;
    return 0;
  }

  /**
   * The first limit that taking out `outgoing` and adding `incoming` together breaks (over the limit and worse
   * than now), or 0. The book is changed to judge and then restored exactly.
   */
  limitBrokenByBatch(outgoing: readonly number[], incoming: readonly number[], limits: ResolvedLimits): number {
    const t = this.table;
    const { count, marginSum, netMargin } = this;
    const clustersBefore: number[] = [];
    const symbolsBefore: number[] = [];
    for (const c of incoming) {
      clustersBefore.push(this.clusterCounts[t.cluster[c]!]!);
      symbolsBefore.push(this.symbolCounts[t.symbol[c]!]!);
    }
    for (const c of outgoing) this.remove(c);
    for (const c of incoming) this.add(c);
    let broken = 0;
    if (countWorse(this.count, count, limits.maxPositions)) broken = R_SLOT_CAP;
    if (broken === 0) {
      for (let i = 0; i < incoming.length; i++) {
        if (countWorse(this.clusterCounts[t.cluster[incoming[i]!]!]!, clustersBefore[i]!, limits.maxPerCluster)) broken = R_CLUSTER_CAP;
      }
    }
    if (broken === 0) {
      for (let i = 0; i < incoming.length; i++) {
        if (countWorse(this.symbolCounts[t.symbol[incoming[i]!]!]!, symbolsBefore[i]!, limits.maxPerSymbol)) broken = R_SYMBOL_CAP;
      }
    }
    if (broken === 0 && this.marginSum > limits.marginCap && this.marginSum > marginSum) broken = R_MARGIN_CAP;
    if (broken === 0 && netExposureWorse(netMargin, this.netMargin, limits)) broken = R_NET_EXPOSURE_CAP;
    for (const c of incoming) this.remove(c);
    for (const c of outgoing) this.add(c);
    this.marginSum = marginSum;
    this.netMargin = netMargin;
    return broken;
  }

  /** Whether the book is over any limit now; forced closes run while it is. */
  overAnyLimit(limits: ResolvedLimits): boolean {
    if (this.count > limits.maxPositions) return true;
    for (let i = 0; i < this.clusters; i++) if (this.clusterCounts[i]! > limits.maxPerCluster) return true;
    for (let i = 0; i < this.symbols; i++) if (this.symbolCounts[i]! > limits.maxPerSymbol) return true;
    if (this.marginSum > limits.marginCap) return true;
    if (limits.maxNetLong !== undefined && this.netMargin > limits.maxNetLong) return true;
    return limits.maxNetShort !== undefined && -this.netMargin > limits.maxNetShort;
  }

  /** The first limit that closing contender c relieves on a book that is over some limits, or 0 if it relieves none. */
  limitRelievedByClosing(c: number, limits: ResolvedLimits): number {
    const t = this.table;
    if (this.count > limits.maxPositions) return R_SLOT_CAP;
    if (this.clusterCounts[t.cluster[c]!]! > limits.maxPerCluster) return R_CLUSTER_CAP;
    if (this.symbolCounts[t.symbol[c]!]! > limits.maxPerSymbol) return R_SYMBOL_CAP;
    const margin = t.margin[c]!;
    if (margin > 0 && this.marginSum > limits.marginCap) return R_MARGIN_CAP;
    const long = t.side[c] === 0;
    if (margin > 0 && long && limits.maxNetLong !== undefined && this.netMargin > limits.maxNetLong) return R_NET_EXPOSURE_CAP;
    if (margin > 0 && !long && limits.maxNetShort !== undefined && -this.netMargin > limits.maxNetShort) return R_NET_EXPOSURE_CAP;
    return 0;
  }

  /** Whether closing contender c would make the net exposure worse (the only limit a close can worsen). */
  closeWorsensNet(c: number, limits: ResolvedLimits): boolean {
    const t = this.table;
    const before = this.netMargin;
    const after = before - (t.side[c] === 0 ? 1 : -1) * t.margin[c]!;
    if (limits.maxNetLong !== undefined && after > limits.maxNetLong && after > before) return true;
    return limits.maxNetShort !== undefined && -after > limits.maxNetShort && -after > -before;
  }
}

function netExposureWorse(before: number, after: number, limits: ResolvedLimits): boolean {
  if (limits.maxNetLong !== undefined && after > limits.maxNetLong && after > before) return true;
  if (limits.maxNetShort !== undefined && -after > limits.maxNetShort && -after > -before) return true;
  return false;
}

function countWorse(after: number, before: number, cap: number): boolean {
  return after > cap && after > before;
}
