// Fills the contender table from one call's arguments: checks them, interns names, derives the terms, sorts by id.

import type { ContenderTable } from './contender.js';
import { IdSorter } from './idOrder.js';
import type { Interner } from './interner.js';
import type { AllocatorSettings, CandidateSignal, OpenPositionMetadata, PortfolioState } from './types.js';
import { openSound, stateSound, validateAllocateArgs } from './validate.js';
import { heldTermsInto } from './value.js';

/**
 * Builds tables with a sorter reused across calls. The happy path checks each field with plain tests while it
 * reads it, in one pass that also fills the table; any failure (a bad field, or duplicate ids found by the sort)
 * hands over to validateAllocateArgs, which describes every issue and throws, so errors read as they always did.
 */
export class TableBuilder {
  private readonly sorter = new IdSorter();

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
    for (let c = 0; c < heldCount; c++) {
      const open = opens[c]!;
      if (typeof open !== 'object' || open === null || !openSound(open)) invalid(opens, candidates, state);
      ids[c] = open.id;
      t.symbol[c] = interner.symbolId(open.symbol);
      t.cluster[c] = interner.clusterId(open.cluster);
      t.side[c] = open.direction === 'long' ? 0 : 1;
      t.margin[c] = open.marginUsed;
      t.age[c] = open.ageMinutes;
      t.locked[c] = open.ageMinutes < settings.minHoldMinutes || !open.isProtectiveOrdersLive ? 1 : 0;
      heldTermsInto(t, c, open, settings);
    }
    if (!this.fillCandidates(t, interner, settings.entryCost, candidates, ids, heldCount)) invalid(opens, candidates, state);

    const order = t.order;
    for (let c = 0; c < n; c++) order[c] = c;
    if (!this.sorter.sort(ids, order, 0, heldCount)) invalid(opens, candidates, state);
    const heldPrefix = this.sorter.lastPrefix;
    if (!this.sorter.sort(ids, order, heldCount, n)) invalid(opens, candidates, state);
    if (sharedId(ids, order, heldCount, n, heldPrefix, this.sorter.lastPrefix)) invalid(opens, candidates, state);
    t.n = n;
    t.heldCount = heldCount;
    t.ids = ids;
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
