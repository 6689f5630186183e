// Value terms of a contender (allocator.md §3): the fixed terms, the swap value, and the value given the winners.

import type { Contender } from './contender.js';
import type { AllocatorSettings, OpenPositionMetadata } from './types.js';

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** The fixed terms of an open position's value, and its swap value, evaluated left to right. */
export function heldTerms(
  open: OpenPositionMetadata,
  settings: AllocatorSettings,
): { base: number; pnlBonus: number; trendBonus: number; timeDecayPenalty: number; cost: number; swapValue: number } {
  const base = open.entryScore;
  const pnlBonus = settings.pnlBonusPerR * open.currentPnlR;
  const trendBonus =
    open.trendR === undefined ? 0 : settings.trendBonusPerR * clamp(open.trendR, -settings.trendCapR, settings.trendCapR);
  const timeDecayPenalty = settings.timeDecayPerHour * Math.max(0, open.ageMinutes / 60 - settings.timeDecayGraceHours);
  const cost = settings.exitCost;
  const swapValue = base + pnlBonus + trendBonus - timeDecayPenalty - cost;
  return { base, pnlBonus, trendBonus, timeDecayPenalty, cost, swapValue };
}

/** A candidate's swap value: score − entry cost. */
export function newSwapValue(score: number, entryCost: number): number {
  return score - entryCost;
}

/** The contender's value given its concentration (direction + cluster parts) and correlation penalties. */
export function valueWith(c: Contender, directionPenalty: number, clusterPenalty: number, correlationPenalty: number): number {
  const concentration = directionPenalty + clusterPenalty;
  if (c.kind === 'new') return c.base - c.cost - concentration - correlationPenalty;
  return c.base + c.pnlBonus + c.trendBonus - c.timeDecayPenalty - concentration - correlationPenalty - c.cost;
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
