// Building allocator inputs from what a bot holds and what its strategy emits (allocator.md §1).

import type { CandidateSignal, OpenPositionMetadata, Position, Signal } from './types.js';

const MS_PER_MINUTE = 60_000;

/**
 * An open position's auction metadata: PnL in R of the initial stop distance, age in minutes, and the
 * entry score, cluster and margin stored at entry.
 */
export function positionToOpenMetadata(
  position: Position,
  context: { readonly accountEquity: number; readonly nowMs: number; readonly isProtectiveOrdersLive: boolean; readonly trendR?: number },
): OpenPositionMetadata {
  const sign = position.direction === 'long' ? 1 : -1;
  const moveFraction = ((position.markPrice - position.entryPrice) / position.entryPrice) * sign;
  const currentPnlR = moveFraction / (position.initialStopDistancePct / 100);
  const meta: OpenPositionMetadata = {
    id: position.id ?? `${position.symbol}:${position.direction}`,
    symbol: position.symbol,
    direction: position.direction,
    cluster: position.cluster,
    entryScore: position.entryScore,
    currentPnlR,
    marginUsed: position.marginUsedAtEntry,
    ageMinutes: (context.nowMs - position.openedAtMs) / MS_PER_MINUTE,
    isProtectiveOrdersLive: context.isProtectiveOrdersLive,
  };
  return context.trendR === undefined ? meta : { ...meta, trendR: context.trendR };
}

/** A sized candidate: cluster `${regime}_${setupType}`, id the signal's or `${symbol}:${direction}:${cluster}`. */
export function createCandidateSignal(
  signal: Signal,
  sizing: { readonly requiredMargin: number; readonly riskR: number },
): CandidateSignal {
  const cluster = `${signal.regime}_${signal.setupType}`;
  return {
    id: signal.id ?? `${signal.symbol}:${signal.direction}:${cluster}`,
    symbol: signal.symbol,
    direction: signal.direction,
    cluster,
    score: signal.score,
    requiredMargin: sizing.requiredMargin,
    riskR: sizing.riskR,
  };
}
