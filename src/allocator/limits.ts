// Hard limits on a running portfolio (allocator.md §4): a change breaks a limit when the result is over it and worse.

import type { LimitReason, PortfolioLimits } from './types.js';

/** What the limits need to know of a position. */
export interface Member {
  readonly symbol: string;
  readonly cluster: string;
  readonly margin: number;
  /** +1 long, −1 short. */
  readonly sign: 1 | -1;
}

/** Counts and margins of a set of positions, changed one member at a time. */
export class PortfolioTally {
  count = 0;
  marginSum = 0;
  /** Σ margin long − Σ margin short. */
  netMargin = 0;
  readonly clusterCounts = new Map<string, number>();
  readonly symbolCounts = new Map<string, number>();

  add(m: Member): void {
    this.count += 1;
    this.marginSum += m.margin;
    this.netMargin += m.sign * m.margin;
    this.clusterCounts.set(m.cluster, (this.clusterCounts.get(m.cluster) ?? 0) + 1);
    this.symbolCounts.set(m.symbol, (this.symbolCounts.get(m.symbol) ?? 0) + 1);
  }

  remove(m: Member): void {
    this.count -= 1;
    this.marginSum -= m.margin;
    this.netMargin -= m.sign * m.margin;
    this.clusterCounts.set(m.cluster, (this.clusterCounts.get(m.cluster) ?? 0) - 1);
    this.symbolCounts.set(m.symbol, (this.symbolCounts.get(m.symbol) ?? 0) - 1);
  }

  clone(): PortfolioTally {
    const copy = new PortfolioTally();
    copy.count = this.count;
    copy.marginSum = this.marginSum;
    copy.netMargin = this.netMargin;
    for (const [k, v] of this.clusterCounts) copy.clusterCounts.set(k, v);
    for (const [k, v] of this.symbolCounts) copy.symbolCounts.set(k, v);
    return copy;
  }

  clusterCount(cluster: string): number {
    return this.clusterCounts.get(cluster) ?? 0;
  }

  symbolCount(symbol: string): number {
    return this.symbolCounts.get(symbol) ?? 0;
  }
}

/** The limits with the margin cap resolved to money: maxMarginUtil × (free margin + margin in use). */
export interface ResolvedLimits extends PortfolioLimits {
  readonly marginCap: number;
}

/** The first limit (slots, cluster, symbol, margin, net exposure) that adding `m` to `tally` breaks, or null. */
export function limitBrokenByAdding(tally: PortfolioTally, m: Member, limits: ResolvedLimits): LimitReason | null {
  if (tally.count + 1 > limits.maxPositions) return 'slot_cap';
  if (tally.clusterCount(m.cluster) + 1 > limits.maxPerCluster) return 'cluster_cap';
  if (tally.symbolCount(m.symbol) + 1 > limits.maxPerSymbol) return 'symbol_cap';
  if (m.margin > 0 && tally.marginSum + m.margin > limits.marginCap) return 'margin_cap';
  if (m.margin > 0 && netExposureWorse(tally.netMargin, tally.netMargin + m.sign * m.margin, limits)) return 'net_exposure_cap';
  return null;
}

function netExposureWorse(before: number, after: number, limits: PortfolioLimits): boolean {
  if (limits.maxNetLong !== undefined && after > limits.maxNetLong && after > before) return true;
  if (limits.maxNetShort !== undefined && -after > limits.maxNetShort && -after > -before) return true;
  return false;
}

function countWorse(after: number, before: number, cap: number): boolean {
  return after > cap && after > before;
}

/**
 * The first limit that taking out `outgoing` and adding `incoming` together breaks (over the limit and worse
 * than now), or null. The tally is changed to judge and then restored exactly.
 */
export function limitBrokenByBatch(
  tally: PortfolioTally,
  outgoing: readonly Member[],
  incoming: readonly Member[],
  limits: ResolvedLimits,
): LimitReason | null {
  const { count, marginSum, netMargin } = tally;
  const clustersBefore = new Map<string, number>();
  const symbolsBefore = new Map<string, number>();
  for (const m of incoming) {
    clustersBefore.set(m.cluster, tally.clusterCount(m.cluster));
    symbolsBefore.set(m.symbol, tally.symbolCount(m.symbol));
  }
  for (const m of outgoing) tally.remove(m);
  for (const m of incoming) tally.add(m);
  let broken: LimitReason | null = null;
  if (countWorse(tally.count, count, limits.maxPositions)) broken = 'slot_cap';
  if (broken === null) {
    for (const [cluster, before] of clustersBefore) {
      if (countWorse(tally.clusterCount(cluster), before, limits.maxPerCluster)) broken = 'cluster_cap';
    }
  }
  if (broken === null) {
    for (const [symbol, before] of symbolsBefore) {
      if (countWorse(tally.symbolCount(symbol), before, limits.maxPerSymbol)) broken = 'symbol_cap';
    }
  }
  if (broken === null && tally.marginSum > limits.marginCap && tally.marginSum > marginSum) broken = 'margin_cap';
  if (broken === null && netExposureWorse(netMargin, tally.netMargin, limits)) broken = 'net_exposure_cap';
  for (const m of incoming) tally.remove(m);
  for (const m of outgoing) tally.add(m);
  tally.marginSum = marginSum;
  tally.netMargin = netMargin;
  return broken;
}

/** The limits the tally is over now, in reporting order; used to find forced closes. */
export function limitsOver(tally: PortfolioTally, limits: ResolvedLimits): Set<LimitReason> {
  const over = new Set<LimitReason>();
  if (tally.count > limits.maxPositions) over.add('slot_cap');
  for (const n of tally.clusterCounts.values()) if (n > limits.maxPerCluster) over.add('cluster_cap');
  for (const n of tally.symbolCounts.values()) if (n > limits.maxPerSymbol) over.add('symbol_cap');
  if (tally.marginSum > limits.marginCap) over.add('margin_cap');
  if (limits.maxNetLong !== undefined && tally.netMargin > limits.maxNetLong) over.add('net_exposure_cap');
  if (limits.maxNetShort !== undefined && -tally.netMargin > limits.maxNetShort) over.add('net_exposure_cap');
  return over;
}

/** The first limit that closing `m` relieves on a tally that is over some limits, or null if it relieves none. */
export function limitRelievedByClosing(tally: PortfolioTally, m: Member, limits: ResolvedLimits): LimitReason | null {
  if (tally.count > limits.maxPositions) return 'slot_cap';
  if (tally.clusterCount(m.cluster) > limits.maxPerCluster) return 'cluster_cap';
  if (tally.symbolCount(m.symbol) > limits.maxPerSymbol) return 'symbol_cap';
  if (m.margin > 0 && tally.marginSum > limits.marginCap) return 'margin_cap';
  if (m.margin > 0 && m.sign === 1 && limits.maxNetLong !== undefined && tally.netMargin > limits.maxNetLong) {
    return 'net_exposure_cap';
  }
  if (m.margin > 0 && m.sign === -1 && limits.maxNetShort !== undefined && -tally.netMargin > limits.maxNetShort) {
    return 'net_exposure_cap';
  }
  return null;
}
