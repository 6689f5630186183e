// AuctionAllocator: holds validated settings and runs one auction's steps in order (allocator.md §2).

import { Auction } from './auction.js';
import type { Contender } from './contender.js';
import type { ResolvedLimits } from './limits.js';
import { PortfolioTally } from './limits.js';
import type { Verdict } from './plan.js';
import { initialVerdict, PlanBuilder } from './plan.js';
import { resolveSettings } from './settings.js';
import { symbolNormalizer } from './symbols.js';
import type {
  AllocationPlan,
  AllocatorOptions,
  AllocatorSettings,
  CandidateSignal,
  Decision,
  OpenPositionMetadata,
  PortfolioState,
  ReasonCode,
} from './types.js';
import { REASON_CODES } from './types.js';
import { validateAllocateArgs } from './validate.js';
import { indicesInIdOrder } from './idOrder.js';
import { heldTerms, newSwapValue } from './value.js';

export class AuctionAllocator {
  readonly settings: AllocatorSettings;
  private readonly normalize: (symbol: string) => string;

  /** Validates every setting at once; throws AllocatorInputError listing each bad one. */
  constructor(options: AllocatorOptions = {}) {
    this.settings = resolveSettings(options);
    this.normalize = symbolNormalizer(this.settings.symbolAliases);
  }

  /** The symbol as every limit and report sees it: upper case, aliases applied. */
  normalizeSymbol(symbol: string): string {
    return this.normalize(symbol);
  }

  /** One auction: a pure function of the arguments and the settings. */
  allocate(
    openPositions: readonly OpenPositionMetadata[],
    candidateSignals: readonly CandidateSignal[],
    portfolioState: PortfolioState,
  ): AllocationPlan {
    validateAllocateArgs(openPositions, candidateSignals, portfolioState);
    const contenders = this.buildContenders(openPositions, candidateSignals);
    const held = contenders.filter((c) => c.kind === 'held');
    const limits = this.resolveLimits(held, portfolioState.availableMargin);

    const auction = new Auction(contenders, this.settings, limits, portfolioState);
    auction.placeLocked(held.filter((c) => c.locked));
    const heldSymbols = new Set(held.map((c) => c.symbol));
    const bidding: Contender[] = [];
    for (const c of contenders) {
      if (c.kind === 'held') {
        if (!c.locked) bidding.push(c);
      } else if (heldSymbols.has(c.symbol)) auction.rejectBeforeAuction(c, 'symbol_held');
      else bidding.push(c);
    }
    auction.run(bidding);

    const book = new PortfolioTally();
    for (const c of held) book.add(c);
    const steps = new PlanBuilder(contenders, auction.result, this.settings, limits, portfolioState.availableMargin, book).build();
    const decisions = contenders.map((c) => this.decisionOf(c, steps.verdicts[c.index] ?? initialVerdict(c, auction.result), auction.result));
    return {
      opens: steps.opens.map((c) => c.source as CandidateSignal),
      closes: steps.closes.map((c) => c.id),
      decisions,
      reasons: countReasons(decisions),
    };
  }

  /** Contenders in decision order (held before new, then id), so nothing downstream depends on input order. */
  private buildContenders(openPositions: readonly OpenPositionMetadata[], candidates: readonly CandidateSignal[]): Contender[] {
    const s = this.settings;
    const contenders: Contender[] = [];
    for (const i of indicesInIdOrder(openPositions.map((o) => o.id))) {
      const open = openPositions[i]!;
      const t = heldTerms(open, s);
      const long = open.direction === 'long';
      contenders.push({
        index: contenders.length,
        kind: 'held',
        id: open.id,
        symbol: this.normalize(open.symbol),
        direction: open.direction,
        side: long ? 0 : 1,
        sign: long ? 1 : -1,
        cluster: open.cluster,
        margin: open.marginUsed,
        ageMinutes: open.ageMinutes,
        locked: open.ageMinutes < s.minHoldMinutes || !open.isProtectiveOrdersLive,
        base: t.base,
        pnlBonus: t.pnlBonus,
        trendBonus: t.trendBonus,
        timeDecayPenalty: t.timeDecayPenalty,
        cost: t.cost,
        swapValue: t.swapValue,
        source: open,
      });
    }
    const entryCost = s.entryCost;
    for (const i of indicesInIdOrder(candidates.map((c) => c.id))) {
      const candidate = candidates[i]!;
      const long = candidate.direction === 'long';
      contenders.push({
        index: contenders.length,
        kind: 'new',
        id: candidate.id,
        symbol: this.normalize(candidate.symbol),
        direction: candidate.direction,
        side: long ? 0 : 1,
        sign: long ? 1 : -1,
        cluster: candidate.cluster,
        margin: candidate.requiredMargin,
        ageMinutes: -1,
        locked: false,
        base: candidate.score,
        pnlBonus: 0,
        trendBonus: 0,
        timeDecayPenalty: 0,
        cost: entryCost,
        swapValue: newSwapValue(candidate.score, entryCost),
        source: candidate,
      });
    }
    return contenders;
  }

  /** The margin cap in money: maxMarginUtil × (free margin + Σ margin in use, summed in id order). */
  private resolveLimits(heldInIdOrder: readonly Contender[], availableMargin: number): ResolvedLimits {
    let marginInUse = 0;
    for (const c of heldInIdOrder) marginInUse += c.margin;
    const limits = this.settings.limits;
    return { ...limits, marginCap: limits.maxMarginUtil * (availableMargin + marginInUse) };
  }

  private decisionOf(c: Contender, verdict: Verdict, auction: Auction['result']): Decision {
    const i = c.index;
    const decision: {
      -readonly [K in keyof Decision]: Decision[K];
    } = {
      kind: c.kind,
      id: c.id,
      symbol: c.symbol,
      outcome: verdict.outcome,
      reason: verdict.reason,
      value: auction.value[i]!,
      swapValue: c.swapValue,
      terms: {
        base: c.base,
        pnlBonus: c.pnlBonus,
        trendBonus: c.trendBonus,
        timeDecayPenalty: c.timeDecayPenalty,
        directionPenalty: auction.directionPenalty[i]!,
        clusterPenalty: auction.clusterPenalty[i]!,
        correlationPenalty: auction.correlationPenalty[i]!,
        cost: c.cost,
      },
    };
    if (verdict.partnerId !== undefined) decision.partnerId = verdict.partnerId;
    if (verdict.gap !== undefined) decision.gap = verdict.gap;
    return decision;
  }
}

function countReasons(decisions: readonly Decision[]): Record<ReasonCode, number> {
  const counts = {} as Record<ReasonCode, number>;
  for (const code of REASON_CODES) counts[code] = 0;
  for (const d of decisions) counts[d.reason] += 1;
  return counts;
}
