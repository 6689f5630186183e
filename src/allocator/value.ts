// Value terms (allocator.md §3): an open position's fixed terms and swap value, and the penalty parts.

import type { ContenderTable } from './contender.js';
import type { AllocatorSettings } from './types.js';

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Writes the fixed terms of an open position's value, its leading term and its swap value, left to right (§3). */
export function heldTermsInto(
  t: ContenderTable,
  c: number,
  entryScore: number,
  currentPnlR: number,
  ageMinutes: number,
  trendR: number | undefined,
  settings: AllocatorSettings,
): void {
  const base = entryScore;
  const pnlBonus = settings.pnlBonusPerR * currentPnlR;
  const trendBonus = trendR === undefined ? 0 : settings.trendBonusPerR * clamp(trendR, -settings.trendCapR, settings.trendCapR);
  const timeDecayPenalty = settings.timeDecayPerHour * Math.max(0, ageMinutes / 60 - settings.timeDecayGraceHours);
  const cost = settings.exitCost;
  const pre = base + pnlBonus + trendBonus - timeDecayPenalty;
  t.base[c] = base;
  t.pnlBonus[c] = pnlBonus;
  t.trendBonus[c] = trendBonus;
  t.timeDecayPenalty[c] = timeDecayPenalty;
  t.pre[c] = pre;
  t.post[c] = cost;
  t.swapValue[c] = pre - cost;
}

/** Direction part: penalty × max(0, s/n − 0.5) × 2, with n winners so far and s of them on the contender's side. */
export function directionPart(penalty: number, winnersOnSide: number, winners: number): number {
  if (winners === 0 || penalty === 0) return 0;
  return penalty * Math.max(0, winnersOnSide / winners - 0.5) * 2;
}

/** Cluster part: (penalty × winners so far in the cluster) / maxPerCluster. */
export function clusterPart(penalty: number, winnersInCluster: number, maxPerCluster: number): number {
  if (penalty === 0) return 0;
  return (penalty * winnersInCluster) / maxPerCluster;
}

/** Correlation penalty from the largest same-way correlation with a winner: penalty × max(0, maxRho). */
export function correlationPart(penalty: number, maxSignedRho: number): number {
  if (penalty === 0) return 0;
  return penalty * Math.max(0, maxSignedRho);
}
