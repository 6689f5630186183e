// Fills the contender table from one call's arguments: checks them, interns names, derives the terms, sorts by id.

import type { ContenderTable } from './contender.js';
import { IdSorter } from './idOrder.js';
import type { Interner } from './interner.js';
import type { AllocatorSettings, CandidateSignal, OpenPositionMetadata, PortfolioState } from './types.js';
import { stateSound, validateAllocateArgs } from './validate.js';
import { heldTermsInto } from './value.js';

/**
 * Builds tables with a sorter reused across calls. The happy path checks each field with plain tests while it
 * reads it, in one pass that also fills the table; any failure (a bad field, or duplicate ids found by the sort)
 * hands over to validateAllocateArgs, which describes every issue and throws, so errors read as they always did.
 */
export class TableBuilder {
  private readonly sorter = new IdSorter();
  /**
   * The open positions of the last call, which usually come again in the same order (a book changes a few
   * positions at a time): their ids with their sorted order, and their raw symbols with the interner's entries.
   * Reusing them when the strings are equal saves the sort and the Map lookups; nothing else is kept.
   */
  private lastIds: string[] = [];
  private lastOrder = new Int32Array(64);
  private lastPrefix = 0;
  private lastSymbols: string[] = [];
  private lastSymbolEntries = new Int32Array(64);
  private lastGeneration = -1;

  build(
    t: ContenderTable,
    interner: Interner,
    settings: AllocatorSettings,
    opens: readonly OpenPositionMetadata[],
    candidates: readonly CandidateSignal[],
    state: PortfolioState,
  ): void {
    if (!Array.isArray(opens) || !Array.isArray(candidates) || !stateSound(state)) invalid(opens, candidates, state);
    const heldCount = opens.length;
    const n = heldCount + candidates.length;
    t.ensureCapacity(n);
    const ids = new Array<string>(n);
    interner.begin();
    if (this.lastGeneration !== interner.generation) {
      this.lastSymbols.length = 0;
      this.lastGeneration = interner.generation;
    }
    if (this.lastSymbolEntries.length < heldCount) {
      const entries = new Int32Array(heldCount * 2);
      entries.set(this.lastSymbolEntries);
      this.lastSymbolEntries = entries;
    }
    if (!this.fillHeld(t, interner, settings, opens, ids)) invalid(opens, candidates, state);
    if (!this.fillCandidates(t, interner, settings.entryCost, candidates, ids, heldCount)) invalid(opens, candidates, state);

    const order = t.order;
    for (let c = heldCount; c < n; c++) order[c] = c;
    if (!this.sortHeld(ids, order, heldCount)) invalid(opens, candidates, state);
    const heldPrefix = this.lastPrefix;
    if (!this.sorter.sort(ids, order, heldCount, n)) invalid(opens, candidates, state);
    if (sharedId(ids, order, heldCount, n, heldPrefix, this.sorter.lastPrefix)) invalid(opens, candidates, state);
    t.n = n;
    t.heldCount = heldCount;
    t.ids = ids;
  }

  /** The open positions' entries, each field read once and checked as openSound does; false at the first bad one. */
  private fillHeld(
    t: ContenderTable,
    interner: Interner,
    settings: AllocatorSettings,
    opens: readonly OpenPositionMetadata[],
    ids: string[],
  ): boolean {
    const { symbol: symbols, cluster: clusters, side, margin, age, locked } = t;
    const lastSymbols = this.lastSymbols;
    const lastSymbolEntries = this.lastSymbolEntries;
    const minHoldMinutes = settings.minHoldMinutes;
    for (let c = 0; c < opens.length; c++) {
      const open = opens[c]!;
      if (typeof open !== 'object' || open === null) return false;
      const { id, symbol, direction, cluster, entryScore, currentPnlR, marginUsed, ageMinutes, isProtectiveOrdersLive, trendR } = open;
      if (
        !(typeof id === 'string' && id.length > 0) ||
        !(typeof symbol === 'string' && symbol.length > 0) ||
        !(direction === 'long' || direction === 'short') ||
        typeof cluster !== 'string' ||
        !(typeof entryScore === 'number' && entryScore - entryScore === 0) ||
        !(typeof currentPnlR === 'number' && currentPnlR - currentPnlR === 0) ||
        !(typeof marginUsed === 'number' && marginUsed - marginUsed === 0 && marginUsed >= 0) ||
        !(typeof ageMinutes === 'number' && ageMinutes - ageMinutes === 0 && ageMinutes >= 0) ||
        typeof isProtectiveOrdersLive !== 'boolean' ||
        !(trendR === undefined || (typeof trendR === 'number' && trendR - trendR === 0))
      ) {
        return false;
      }
      ids[c] = id;
      // The symbol's entry is remembered by slot: the same string there again needs no Map lookup.
      if (c >= lastSymbols.length || lastSymbols[c] !== symbol) {
        lastSymbolEntries[c] = interner.symbolEntry(symbol);
        lastSymbols[c] = symbol;
      }
      symbols[c] = interner.symbolIdOf(lastSymbolEntries[c]!);
      clusters[c] = interner.clusterId(cluster);
      side[c] = direction === 'long' ? 0 : 1;
      margin[c] = marginUsed;
      age[c] = ageMinutes;
      locked[c] = ageMinutes < minHoldMinutes || !isProtectiveOrdersLive ? 1 : 0;
      heldTermsInto(t, c, entryScore, currentPnlR, ageMinutes, trendR, settings);
    }
    return true;
  }

  /** Sorts the open positions' ids into order[0..heldCount), or reuses the last call's order for the same ids. */
  private sortHeld(ids: readonly string[], order: Int32Array, heldCount: number): boolean {
    const last = this.lastIds;
    let same = last.length === heldCount;
    for (let c = 0; same && c < heldCount; c++) same = last[c] === ids[c];
    if (same) {
      for (let pos = 0; pos < heldCount; pos++) order[pos] = this.lastOrder[pos]!;
      return true;
    }
    for (let c = 0; c < heldCount; c++) order[c] = c;
    if (!this.sorter.sort(ids, order, 0, heldCount)) {
      last.length = 0;
      return false;
    }
    if (this.lastOrder.length < heldCount) this.lastOrder = new Int32Array(heldCount * 2);
    last.length = heldCount;
    for (let c = 0; c < heldCount; c++) {
      last[c] = ids[c]!;
      this.lastOrder[c] = order[c]!;
    }
    this.lastPrefix = this.sorter.lastPrefix;
    return true;
  }

  /**
   * The candidates' entries, each field read once and checked as candidateSound does; false at the first bad one.
   * Terms that are the same for every candidate are filled in bulk.
   */
  private fillCandidates(
    t: ContenderTable,
    interner: Interner,
    entryCost: number,
    candidates: readonly CandidateSignal[],
    ids: string[],
    heldCount: number,
  ): boolean {
    const { symbol: symbols, cluster: clusters, side, margin, base, pre } = t;
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i]!;
      if (typeof candidate !== 'object' || candidate === null) return false;
      const { id, symbol, direction, cluster, score, requiredMargin, riskR } = candidate;
      if (
        !(typeof id === 'string' && id.length > 0) ||
        !(typeof symbol === 'string' && symbol.length > 0) ||
        !(direction === 'long' || direction === 'short') ||
        typeof cluster !== 'string' ||
        !(typeof score === 'number' && score - score === 0) ||
        !(typeof requiredMargin === 'number' && requiredMargin - requiredMargin === 0 && requiredMargin >= 0) ||
        !(typeof riskR === 'number' && riskR - riskR === 0 && riskR >= 0)
      ) {
        return false;
      }
      const c = heldCount + i;
      ids[c] = id;
      symbols[c] = interner.symbolId(symbol);
      clusters[c] = interner.clusterId(cluster);
      side[c] = direction === 'long' ? 0 : 1;
      margin[c] = requiredMargin;
      base[c] = score;
      // The swap value score − entry cost is also the value's leading term.
      pre[c] = score - entryCost;
    }
    const n = heldCount + candidates.length;
    t.age.fill(-1, heldCount, n);
    t.locked.fill(0, heldCount, n);
    t.pnlBonus.fill(0, heldCount, n);
    t.trendBonus.fill(0, heldCount, n);
    t.timeDecayPenalty.fill(0, heldCount, n);
    t.post.fill(0, heldCount, n);
    t.swapValue.set(t.pre.subarray(heldCount, n), heldCount);
    return true;
  }
}

/** Hands bad arguments to the full validation, which names every issue and throws. */
function invalid(opens: readonly OpenPositionMetadata[], candidates: readonly CandidateSignal[], state: PortfolioState): never {
  validateAllocateArgs(opens, candidates, state);
  throw new Error('allocator: arguments failed a check that the validation passed');
}

/**
 * Whether an open position and a candidate share an id, given both sorted. Each kind's ids share a prefix; when
 * those prefixes differ within their common length, no id can be in both. Otherwise each id of the smaller kind
 * is looked up by binary search in the larger.
 */
function sharedId(ids: readonly string[], order: Int32Array, heldCount: number, n: number, heldPrefix: number, newPrefix: number): boolean {
  if (heldCount === 0 || heldCount === n) return false;
  const heldFirst = ids[order[0]!]!;
  const newFirst = ids[order[heldCount]!]!;
  const common = heldPrefix < newPrefix ? heldPrefix : newPrefix;
  for (let j = 0; j < common; j++) if (heldFirst.charCodeAt(j) !== newFirst.charCodeAt(j)) return false;
  const heldSmaller = heldCount <= n - heldCount;
  const [from, to, lo, hi] = heldSmaller ? [0, heldCount, heldCount, n] : [heldCount, n, 0, heldCount];
  for (let i = from; i < to; i++) {
    const id = ids[order[i]!]!;
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >> 1;
      const other = ids[order[mid]!]!;
      if (other === id) return true;
      if (other < id) a = mid + 1;
      else b = mid;
    }
  }
  return false;
}
