// Hard limits on a running portfolio (allocator.md §4) over a Map tally: the rule the baseline policy opens by.

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
