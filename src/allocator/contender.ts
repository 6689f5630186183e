// The contender table of one auction, by input slot (open positions, then candidates), and its total order.

// Struct-of-arrays on typed arrays that the allocator reuses across calls: a contender is an index (its input slot:
// the open position's index, or heldCount + the candidate's index), so the hot loops read numbers, not objects.
// `order` lists the slots in decision order (held before new, then id). Every loop whose order can show in the
// result (sums, heap building, decisions) walks `order`, never the input order.

/** One auction's contenders; slots [0, heldCount) are open positions, the rest candidates. */
export class ContenderTable {
  n = 0;
  heldCount = 0;
  /** This call's ids, by slot. */
  ids: readonly string[] = [];
  /** Slots in decision order: held before new, then id. */
  order = new Int32Array(0);
  /** 0 long, 1 short: the index of its side's heap and counters. */
  side = new Uint8Array(0);
  locked = new Uint8Array(0);
  /** This call's symbol id (normalised symbol) and cluster id. */
  symbol = new Int32Array(0);
  cluster = new Int32Array(0);
  /** Margin used (held) or required (new). */
  margin = new Float64Array(0);
  /** Held: age; new: −1, so that held positions come first and older ones before younger. */
  age = new Float64Array(0);
  base = new Float64Array(0);
  pnlBonus = new Float64Array(0);
  trendBonus = new Float64Array(0);
  timeDecayPenalty = new Float64Array(0);
  /**
   * value = pre − concentration − correlation − post, which is §3's left-to-right order for both kinds: held
   * pre = base + pnl + trend − decay and post = exit cost; new pre = score − entry cost and post = 0 (x − 0 is x).
   */
  pre = new Float64Array(0);
  post = new Float64Array(0);
  /** Value without concentration and correlation penalties (allocator.md §7). */
  swapValue = new Float64Array(0);

  /** Makes room for n contenders; contents are not kept. */
  ensureCapacity(n: number): void {
    if (this.order.length >= n) return;
    const c = Math.max(64, n + (n >> 1));
    this.order = new Int32Array(c);
    this.side = new Uint8Array(c);
    this.locked = new Uint8Array(c);
    this.symbol = new Int32Array(c);
    this.cluster = new Int32Array(c);
    this.margin = new Float64Array(c);
    this.age = new Float64Array(c);
    this.base = new Float64Array(c);
    this.pnlBonus = new Float64Array(c);
    this.trendBonus = new Float64Array(c);
    this.timeDecayPenalty = new Float64Array(c);
    this.pre = new Float64Array(c);
    this.post = new Float64Array(c);
    this.swapValue = new Float64Array(c);
  }

  idOf(slot: number): string {
    return this.ids[slot]!;
  }
}

/**
 * The auction's total order on equal values: held before new, older held first, lower margin, then id.
 * Negative when `a` ranks before `b`.
 */
export function compareTieBreak(t: ContenderTable, a: number, b: number): number {
  const ageA = t.age[a]!;
  const ageB = t.age[b]!;
  if (ageA !== ageB) return ageB - ageA;
  const marginA = t.margin[a]!;
  const marginB = t.margin[b]!;
  if (marginA !== marginB) return marginA - marginB;
  const idA = t.ids[a]!;
  const idB = t.ids[b]!;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** The auction's total order: higher value first, then the tie-break. Negative when `a` ranks first. */
export function compareByValue(t: ContenderTable, a: number, valueA: number, b: number, valueB: number): number {
  if (valueA !== valueB) return valueA > valueB ? -1 : 1;
  return compareTieBreak(t, a, b);
}
