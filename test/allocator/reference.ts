// Independent reference checks for the property tests, written from allocator.md alone (no src imports
// besides types): symbol normalisation, swap values, locks, the portfolio after a plan, the rule
// "over the limit and worse than before" for every hard limit, and a brute-force maximum matching.

import type {
  AllocationPlan,
  AllocatorSettings,
  CandidateSignal,
  OpenPositionMetadata,
  PortfolioState,
} from '../../src/allocator/types.js';

/** Upper case, then the aliases (keys and targets compared upper-cased). */
export function normaliseSymbol(symbol: string, aliases: Readonly<Record<string, string>>): string {
  const upper = symbol.toUpperCase();
  for (const [from, to] of Object.entries(aliases)) {
    if (from.toUpperCase() === upper) return to.toUpperCase();
  }
  return upper;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** An open position's swap value: its value without concentration and correlation penalties (§3, §7). */
export function openSwapValue(open: OpenPositionMetadata, s: AllocatorSettings): number {
  const pnlBonus = s.pnlBonusPerR * open.currentPnlR;
  const trendBonus = open.trendR === undefined ? 0 : s.trendBonusPerR * clamp(open.trendR, -s.trendCapR, s.trendCapR);
  const timeDecay = s.timeDecayPerHour * Math.max(0, open.ageMinutes / 60 - s.timeDecayGraceHours);
  return open.entryScore + pnlBonus + trendBonus - timeDecay - s.exitCost;
}

export function candidateSwapValue(candidate: CandidateSignal, s: AllocatorSettings): number {
  return candidate.score - s.entryCost;
}

/** Locked (§5): younger than the minimum hold, or its protective orders are not live. */
export function isLocked(open: OpenPositionMetadata, s: AllocatorSettings): boolean {
  return open.ageMinutes < s.minHoldMinutes || !open.isProtectiveOrdersLive;
}

/** What the limits look at in one position. */
export interface Held {
  readonly id: string;
  readonly symbol: string;
  readonly cluster: string;
  readonly margin: number;
  readonly sign: 1 | -1;
}

export function heldOfOpen(open: OpenPositionMetadata, s: AllocatorSettings): Held {
  return {
    id: open.id,
    symbol: normaliseSymbol(open.symbol, s.symbolAliases),
    cluster: open.cluster,
    margin: open.marginUsed,
    sign: open.direction === 'long' ? 1 : -1,
  };
}

export function heldOfCandidate(candidate: CandidateSignal, s: AllocatorSettings): Held {
  return {
    id: candidate.id,
    symbol: normaliseSymbol(candidate.symbol, s.symbolAliases),
    cluster: candidate.cluster,
    margin: candidate.requiredMargin,
    sign: candidate.direction === 'long' ? 1 : -1,
  };
}

/** The book after executing the plan: the open positions less the closed ones, plus the opened candidates. */
export function bookAfter(
  opens: readonly OpenPositionMetadata[],
  plan: AllocationPlan,
  s: AllocatorSettings,
): Held[] {
  const closed = new Set(plan.closes);
  return [
    ...opens.filter((o) => !closed.has(o.id)).map((o) => heldOfOpen(o, s)),
    ...plan.opens.map((c) => heldOfCandidate(c, s)),
  ];
}

function countBy(book: readonly Held[], key: (h: Held) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const h of book) counts.set(key(h), (counts.get(key(h)) ?? 0) + 1);
  return counts;
}

function sum(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b).reduce((acc, x) => acc + x, 0);
}

function net(book: readonly Held[]): number {
  return sum(book.filter((h) => h.sign === 1).map((h) => h.margin)) - sum(book.filter((h) => h.sign === -1).map((h) => h.margin));
}

/** Margins are sums in some order: allow rounding, nothing more. */
function exceeds(after: number, cap: number): boolean {
  return after > cap + 1e-9 * Math.max(1, Math.abs(cap));
}

function worse(after: number, before: number): boolean {
  return after > before + 1e-9 * Math.max(1, Math.abs(before));
}

/**
 * Every hard limit (§4) the plan breaks, i.e. where the book after the plan is over the limit and
 * worse than before; plus the opens' margin against the free margin and the margin the closes release.
 */
export function limitViolations(
  opens: readonly OpenPositionMetadata[],
  state: PortfolioState,
  plan: AllocationPlan,
  s: AllocatorSettings,
): string[] {
  const issues: string[] = [];
  const before = opens.map((o) => heldOfOpen(o, s));
  const after = bookAfter(opens, plan, s);
  const L = s.limits;
  if (after.length > L.maxPositions && after.length > before.length) {
    issues.push(`positions ${before.length} → ${after.length} > ${L.maxPositions}`);
  }
  for (const [name, key, cap] of [
    ['cluster', (h: Held) => h.cluster, L.maxPerCluster],
    ['symbol', (h: Held) => h.symbol, L.maxPerSymbol],
  ] as const) {
    const b = countBy(before, key);
    for (const [k, n] of countBy(after, key)) {
      const was = b.get(k) ?? 0;
      if (n > cap && n > was) issues.push(`${name} ${k}: ${was} → ${n} > ${cap}`);
    }
  }
  const marginBefore = sum(before.map((h) => h.margin));
  const marginAfter = sum(after.map((h) => h.margin));
  const marginCap = L.maxMarginUtil * (state.availableMargin + marginBefore);
  if (exceeds(marginAfter, marginCap) && worse(marginAfter, marginBefore)) {
    issues.push(`margin ${marginBefore} → ${marginAfter} > cap ${marginCap}`);
  }
  const closed = new Set(plan.closes);
  const released = sum(opens.filter((o) => closed.has(o.id)).map((o) => o.marginUsed));
  const opensMargin = sum(plan.opens.map((c) => c.requiredMargin));
  if (exceeds(opensMargin, state.availableMargin + released)) {
    issues.push(`opens' margin ${opensMargin} > free ${state.availableMargin} + released ${released}`);
  }
  const netBefore = net(before);
  const netAfter = net(after);
  if (L.maxNetLong !== undefined && exceeds(netAfter, L.maxNetLong) && worse(netAfter, netBefore)) {
    issues.push(`net long ${netBefore} → ${netAfter} > ${L.maxNetLong}`);
  }
  if (L.maxNetShort !== undefined && exceeds(-netAfter, L.maxNetShort) && worse(-netAfter, -netBefore)) {
    issues.push(`net short ${-netBefore} → ${-netAfter} > ${L.maxNetShort}`);
  }
  return issues;
}

/** Size of a maximum one-to-one matching where `edge(i, j)` says left i may pair with right j (brute force). */
export function maxMatchingBruteForce(left: number, right: number, edge: (i: number, j: number) => boolean): number {
  const used = new Array<boolean>(right).fill(false);
  const go = (i: number): number => {
    if (i === left) return 0;
    let best = go(i + 1);
    for (let j = 0; j < right; j++) {
      if (used[j] || !edge(i, j)) continue;
      used[j] = true;
      best = Math.max(best, 1 + go(i + 1));
      used[j] = false;
    }
    return best;
  };
  return go(0);
}

/** A contender as the auction's total order (§6) sees it when no penalty is on. */
export interface Ranked {
  readonly id: string;
  readonly kind: 'held' | 'new';
  readonly value: number;
  readonly ageMinutes: number;
  readonly margin: number;
}

/** §6's total order: higher value, held before new, older held first, lower margin, then id. */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.value !== b.value) return b.value - a.value;
  if (a.kind !== b.kind) return a.kind === 'held' ? -1 : 1;
  if (a.ageMinutes !== b.ageMinutes) return b.ageMinutes - a.ageMinutes;
  if (a.margin !== b.margin) return a.margin - b.margin;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function rankedOpen(open: OpenPositionMetadata, s: AllocatorSettings): Ranked {
  return { id: open.id, kind: 'held', value: openSwapValue(open, s), ageMinutes: open.ageMinutes, margin: open.marginUsed };
}

export function rankedCandidate(c: CandidateSignal, s: AllocatorSettings): Ranked {
  return { id: c.id, kind: 'new', value: candidateSwapValue(c, s), ageMinutes: 0, margin: c.requiredMargin };
}

/** Deep-freezes plain data so that any mutation by the code under test throws (ESM is strict mode). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
