// From the ledger and the tape to allocator inputs: sizing, open-position metadata, trend and correlation.

import { createCandidateSignal, positionToOpenMetadata } from '../allocator/inputs.js';
import type { AllocatorSettings, CandidateSignal, OpenPositionMetadata, PortfolioState } from '../allocator/types.js';
import type { LedgerPosition } from './ledger.js';
import type { SimSettings } from './settings.js';
import type { Tape } from './tape.js';
import type { SignalRow } from './types.js';
import { isoTimestamp } from './isoTime.js';

/** A signal sized for the auction, and what the order needs if it wins. */
export interface SizedSignal {
  readonly candidate: CandidateSignal;
  readonly signal: SignalRow;
  readonly notional: number;
}

/** Notional = equity × risk per trade / stop distance, capped at max position % of equity. */
export function notionalFor(equity: number, stopDistancePct: number, sim: SimSettings): number {
  const byRisk = (equity * sim.riskPerTradePct) / stopDistancePct;
  const cap = (equity * sim.maxPositionPct) / 100;
  return Math.max(0, Math.min(byRisk, cap));
}

/** The id of a signal's candidate (and of the position it opens): the signal's own, or symbol:direction:time. */
export function candidateIdOf(signal: SignalRow): string {
  return signal.id ?? `${signal.symbol}:${signal.direction}:${isoTimestamp(signal.tsMs)}`;
}

export function sizeSignal(signal: SignalRow, equity: number, sim: SimSettings): SizedSignal {
  const notional = notionalFor(equity, signal.stopDistancePct, sim);
  const candidate = createCandidateSignal(
    {
      symbol: signal.symbol,
      direction: signal.direction,
      score: signal.score,
      regime: signal.regime,
      setupType: signal.setupType,
      id: candidateIdOf(signal),
    },
    { requiredMargin: notional / sim.leverage, riskR: (notional * signal.stopDistancePct) / 100 },
  );
  return { candidate, signal, notional };
}

/** What positionToOpenMetadata needs besides the position, the same for every position of a cycle. */
export interface OpenMetadataContext {
  readonly accountEquity: number;
  readonly nowMs: number;
  readonly isProtectiveOrdersLive: boolean;
}

/** The context of a cycle's held positions. The simulator's stops are resting orders from the fill on, so protection is always live. */
export function openMetadataContext(nowMs: number, equity: number): OpenMetadataContext {
  return { accountEquity: equity, nowMs, isProtectiveOrdersLive: true };
}

/** The auction's view of a held position: PnL in R at the mark, age, and trend when the trend bonus is on. */
export function openMetadataOf(
  p: LedgerPosition,
  context: OpenMetadataContext,
  tape: Tape,
  allocator: AllocatorSettings,
  sim: SimSettings,
): OpenPositionMetadata {
  let trendR: number | undefined;
  if (allocator.trendBonusPerR > 0) {
    const move = tape.moveOver(p.symbol, sim.trendWindowBars);
    if (move !== undefined) trendR = (move * p.sign) / (p.stopDistancePct / 100);
  }
  const meta = positionToOpenMetadata(
    {
      id: p.id,
      symbol: p.symbol,
      direction: p.direction,
      quantity: p.quantityNumber,
      entryPrice: p.entryPriceNumber,
      markPrice: p.markPrice,
      openedAtMs: p.entryTsMs,
      entryScore: p.entryScore,
      cluster: p.cluster,
      initialStopDistancePct: p.stopDistancePct,
      marginUsedAtEntry: p.marginNumber,
    },
    trendR === undefined ? context : { ...context, trendR },
  );
  // A copy only when the age changes: this runs for every held position at every cycle.
  const ageMinutes = Math.max(0, meta.ageMinutes);
  return Object.is(ageMinutes, meta.ageMinutes) ? meta : { ...meta, ageMinutes };
}

/** The portfolio state the auction sees; the correlation function only when its penalty is on. */
export function portfolioStateOf(
  equity: number,
  marginUsed: number,
  nowMs: number,
  tape: Tape,
  allocator: AllocatorSettings,
  sim: SimSettings,
): PortfolioState {
  const availableMargin = Math.max(0, equity - marginUsed);
  if (allocator.correlationPenalty <= 0) return { availableMargin, accountEquity: equity, nowMs };
  const bars = sim.correlationWindowBars;
  return { availableMargin, accountEquity: equity, nowMs, correlation: (a, b) => tape.correlation(a, b, bars) };
}
