// AuctionAllocator: holds validated settings and runs one auction's steps in order (allocator.md §2).

import { Auction } from './auction.js';
import { Book } from './book.js';
import { ContenderTable } from './contender.js';
import { Interner } from './interner.js';
import type { ResolvedLimits } from './limits.js';
import { PlanBuilder } from './plan.js';
import { O_KEEP, O_OPEN, O_REJECT, OUTCOMES, reasonRecord } from './reasonCodes.js';
import { resolveSettings } from './settings.js';
import { symbolNormalizer } from './symbols.js';
import { TableBuilder } from './tableBuilder.js';
import type {
  AllocationPlan,
  AllocatorOptions,
  AllocatorSettings,
  CandidateSignal,
  Decision,
  OpenPositionMetadata,
  PortfolioLimits,
  PortfolioState,
} from './types.js';
import { REASON_CODES } from './types.js';

const NO_IDS: readonly string[] = [];

/**
 * Everything one call works in, reused by the next: typed arrays that only grow. Nothing in it outlives a call's
 * meaning (each call resets what it reads), so reusing it is invisible in the results.
 */
class Scratch {
  readonly table = new ContenderTable();
  readonly builder = new TableBuilder();
  readonly interner: Interner;
  readonly auction = new Auction(this.table);
  readonly book = new Book(this.table);
  readonly plan = new PlanBuilder();
  heldSymbol = new Uint8Array(64);
  reasonCounts = new Int32Array(REASON_CODES.length);
  /** The settings' limits with this call's margin cap (the one field that changes between calls). */
  readonly limits: { -readonly [K in keyof ResolvedLimits]: ResolvedLimits[K] };

  constructor(normalize: (symbol: string) => string, limits: PortfolioLimits) {
    this.interner = new Interner(normalize);
    // One shape whatever caps are set, so the limit checks stay monomorphic.
    this.limits = {
      maxPositions: limits.maxPositions,
      maxMarginUtil: limits.maxMarginUtil,
      maxPerCluster: limits.maxPerCluster,
      maxPerSymbol: limits.maxPerSymbol,
      maxNetLong: limits.maxNetLong,
      maxNetShort: limits.maxNetShort,
      marginCap: 0,
    };
  }
}

export class AuctionAllocator {
  readonly settings: AllocatorSettings;
  private readonly normalize: (symbol: string) => string;
  private readonly scratch: Scratch;
  /** Set during a call, so that a call made from inside it (say, by the correlation function) gets its own scratch. */
  private busy = false;

  /** Validates every setting at once; throws AllocatorInputError listing each bad one. */
  constructor(options: AllocatorOptions = {}) {
    this.settings = resolveSettings(options);
    this.normalize = symbolNormalizer(this.settings.symbolAliases);
    this.scratch = new Scratch(this.normalize, this.settings.limits);
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
    if (this.busy) return this.run(new Scratch(this.normalize, this.settings.limits), openPositions, candidateSignals, portfolioState);
    this.busy = true;
    try {
      return this.run(this.scratch, openPositions, candidateSignals, portfolioState);
    } finally {
      this.busy = false;
      // This call's id list is not needed past it.
      this.scratch.table.ids = NO_IDS;
    }
  }

  private run(
    scratch: Scratch,
    openPositions: readonly OpenPositionMetadata[],
    candidateSignals: readonly CandidateSignal[],
    portfolioState: PortfolioState,
  ): AllocationPlan {
    const s = this.settings;
    const { table, interner, auction, book, plan } = scratch;
    scratch.builder.build(table, interner, s, openPositions, candidateSignals, portfolioState);
    const limits = this.resolveLimits(scratch, portfolioState.availableMargin);
    const symbolNames = interner.symbolNames;
    const correlation = s.correlationPenalty > 0 ? portfolioState.correlation : undefined;
    auction.reset(table, s, limits, correlation, symbolNames, interner.symbolCount, interner.clusterCount);
    auction.placeLocked();
    const heldSymbol = this.heldSymbols(scratch);
    auction.enterBidders(heldSymbol);
    auction.run();

    book.reset(table, interner.clusterCount, interner.symbolCount);
    for (let pos = 0; pos < table.heldCount; pos++) book.add(table.order[pos]!);
    plan.reset(table, auction, s, limits, portfolioState.availableMargin, book);
    plan.build();

    const decisions = this.decisions(scratch, symbolNames);
    const reasons = reasonRecord(scratch.reasonCounts);
    const opens: CandidateSignal[] = [];
    for (const c of plan.opens) opens.push(candidateSignals[c - table.heldCount]!);
    const closes: string[] = [];
    for (const c of plan.closes) closes.push(table.idOf(c));
    return { opens, closes, decisions, reasons };
  }

  /** Which of this call's symbols an open position holds, locked or not. */
  private heldSymbols(scratch: Scratch): Uint8Array {
    const symbols = scratch.interner.symbolCount;
    if (scratch.heldSymbol.length < symbols) scratch.heldSymbol = new Uint8Array(symbols * 2);
    const held = scratch.heldSymbol;
    held.fill(0, 0, symbols);
    const t = scratch.table;
    for (let c = 0; c < t.heldCount; c++) held[t.symbol[c]!] = 1;
    return held;
  }

  /** The margin cap in money: maxMarginUtil × (free margin + Σ margin in use, summed in id order). */
  private resolveLimits(scratch: Scratch, availableMargin: number): ResolvedLimits {
    const table = scratch.table;
    let marginInUse = 0;
    for (let pos = 0; pos < table.heldCount; pos++) marginInUse += table.margin[table.order[pos]!]!;
    const limits = scratch.limits;
    limits.marginCap = limits.maxMarginUtil * (availableMargin + marginInUse);
    return limits;
  }

  /** One decision per contender, in decision order (held before new, then id); counts the reasons on the way. */
  private decisions(scratch: Scratch, symbolNames: readonly string[]): Decision[] {
    const { table: t, auction: a, plan: p } = scratch;
    const counts = scratch.reasonCounts;
    counts.fill(0);
    const { exitCost, entryCost } = this.settings;
    const { order, ids, symbol, swapValue, base, pnlBonus, trendBonus, timeDecayPenalty } = t;
    const { value, directionPenalty, clusterPenalty, correlationPenalty, isWinner } = a;
    const auctionReason = a.reason;
    const { outcome: planOutcome, reason: planReason, partner, gap } = p;
    const decisions = new Array<Decision>(t.n);
    for (let pos = 0; pos < t.n; pos++) {
      const c = order[pos]!;
      const held = pos < t.heldCount;
      let outcome = planOutcome[c]!;
      let reason: number;
      if (outcome !== 0) reason = planReason[c]!;
      else {
        // The auction's verdict stands: held positions are kept, winning candidates open, the rest are rejected.
        reason = auctionReason[c]!;
        outcome = held ? O_KEEP : isWinner[c] === 1 ? O_OPEN : O_REJECT;
      }
      counts[reason]! += 1;
      // A candidate's pnl, trend and decay terms are 0 (+0, as in its table entry).
      const decision: { -readonly [K in keyof Decision]: Decision[K] } = held
        ? {
            kind: 'held',
            id: ids[c]!,
            symbol: symbolNames[symbol[c]!]!,
            outcome: OUTCOMES[outcome]!,
            reason: REASON_CODES[reason]!,
            value: value[c]!,
            swapValue: swapValue[c]!,
            terms: {
              base: base[c]!,
              pnlBonus: pnlBonus[c]!,
              trendBonus: trendBonus[c]!,
              timeDecayPenalty: timeDecayPenalty[c]!,
              directionPenalty: directionPenalty[c]!,
              clusterPenalty: clusterPenalty[c]!,
              correlationPenalty: correlationPenalty[c]!,
              cost: exitCost,
            },
          }
        : {
            kind: 'new',
            id: ids[c]!,
            symbol: symbolNames[symbol[c]!]!,
            outcome: OUTCOMES[outcome]!,
            reason: REASON_CODES[reason]!,
            value: value[c]!,
            swapValue: swapValue[c]!,
            terms: {
              base: base[c]!,
              pnlBonus: 0,
              trendBonus: 0,
              timeDecayPenalty: 0,
              directionPenalty: directionPenalty[c]!,
              clusterPenalty: clusterPenalty[c]!,
              correlationPenalty: correlationPenalty[c]!,
              cost: entryCost,
            },
          };
      if (planOutcome[c] !== 0 && partner[c]! >= 0) {
        decision.partnerId = ids[partner[c]!]!;
        decision.gap = gap[c]!;
      }
      decisions[pos] = decision;
    }
    return decisions;
  }
}
