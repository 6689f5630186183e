// The baseline policy (auction_mode_enabled: false): signals fill free slots by score within the hard limits; nothing is swapped.

import { PortfolioTally, limitBrokenByAdding } from '../allocator/limits.js';
import { symbolNormalizer } from '../allocator/symbols.js';
import type {
  AllocationPlan,
  AllocatorSettings,
  CandidateSignal,
  Decision,
  OpenPositionMetadata,
  PortfolioState,
  ReasonCode,
} from '../allocator/types.js';
import { REASON_CODES } from '../allocator/types.js';

function noTerms(base: number, cost: number): Decision['terms'] {
  return { base, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost };
}

/**
 * Held positions are always kept (they leave only by stop, take profit or end of data); candidates on held
 * symbols are refused; the rest open in score order (ties: id) while every hard limit and the open budget allow.
 */
export function baselinePlan(
  openPositions: readonly OpenPositionMetadata[],
  candidates: readonly CandidateSignal[],
  state: PortfolioState,
  settings: AllocatorSettings,
): AllocationPlan {
  const normalize = symbolNormalizer(settings.symbolAliases);
  const limits = settings.limits;
  let marginInUse = 0;
  const tally = new PortfolioTally();
  const decisions: Decision[] = [];
  for (const open of [...openPositions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const member = { symbol: normalize(open.symbol), cluster: open.cluster, margin: open.marginUsed, sign: open.direction === 'long' ? 1 : -1 } as const;
    tally.add(member);
    marginInUse += open.marginUsed;
    decisions.push({
      kind: 'held', id: open.id, symbol: member.symbol, outcome: 'keep', reason: 'winner',
      value: open.entryScore, swapValue: open.entryScore, terms: noTerms(open.entryScore, 0),
    });
  }
  const resolved = { ...limits, marginCap: limits.maxMarginUtil * (state.availableMargin + marginInUse) };
  const held = new Set(openPositions.map((o) => normalize(o.symbol)));
  const ranked = [...candidates].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const opens: CandidateSignal[] = [];
  let openedMargin = 0;
  for (const c of ranked) {
    const member = { symbol: normalize(c.symbol), cluster: c.cluster, margin: c.requiredMargin, sign: c.direction === 'long' ? 1 : -1 } as const;
    let reason: ReasonCode | null = held.has(member.symbol) ? 'symbol_held' : limitBrokenByAdding(tally, member, resolved);
    if (reason === null && openedMargin + c.requiredMargin > state.availableMargin) reason = 'margin_cap';
    if (reason === null && (opens.length >= settings.maxNewOpensPerCycle || opens.length >= settings.maxTradesPerCycle)) {
      reason = 'trade_budget';
    }
    if (reason === null) {
      opens.push(c);
      tally.add(member);
      openedMargin += c.requiredMargin;
    }
    decisions.push({
      kind: 'new', id: c.id, symbol: member.symbol, outcome: reason === null ? 'open' : 'reject', reason: reason ?? 'winner',
      value: c.score, swapValue: c.score, terms: noTerms(c.score, 0),
    });
  }
  decisions.sort((a, b) => (a.kind !== b.kind ? (a.kind === 'held' ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const reasons = Object.fromEntries(REASON_CODES.map((code) => [code, 0])) as Record<ReasonCode, number>;
  for (const d of decisions) reasons[d.reason] += 1;
  return { opens, closes: [], decisions, reasons };
}
