// Sorting contenders by id fast: a native numeric sort on packed keys, then string order within equal keys.

const CHAR_SPAN = 131_072; // 2^17: a UTF-16 code unit + 1 (0 marks the end of the string)
const INDEX_SPAN = 524_288; // 2^19: the most items the packed key can carry an index for

function commonPrefixLength(ids: readonly string[]): number {
  const first = ids[0]!;
  let length = first.length;
  for (let i = 1; i < ids.length && length > 0; i++) {
    const s = ids[i]!;
    const m = Math.min(length, s.length);
    let j = 0;
    while (j < m && s.charCodeAt(j) === first.charCodeAt(j)) j++;
    length = j;
  }
  return length;
}

function insertionSortRun(order: number[], ids: readonly string[], lo: number, hi: number): void {
  for (let p = lo + 1; p < hi; p++) {
    const v = order[p]!;
    const s = ids[v]!;
    let q = p - 1;
    while (q >= lo && ids[order[q]!]! > s) {
      order[q + 1] = order[q]!;
      q--;
    }
    order[q + 1] = v;
  }
}

/**
 * Indices of `ids` in ascending code-unit order (the order of `<` on strings). Ids usually share a prefix
 * (`cand-`, `AAPL:long:`), so the two code units after the common prefix, packed with the index into one
 * double, are sorted natively; runs that tie on them are finished with string comparisons.
 */
export function indicesInIdOrder(ids: readonly string[]): number[] {
  const n = ids.length;
  if (n < 64 || n >= INDEX_SPAN) {
    const order = Array.from({ length: n }, (_, i) => i);
    return order.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  }
  const prefix = commonPrefixLength(ids);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = ids[i]!;
    const c0 = prefix < s.length ? s.charCodeAt(prefix) + 1 : 0;
    const c1 = prefix + 1 < s.length ? s.charCodeAt(prefix + 1) + 1 : 0;
    keys[i] = (c0 * CHAR_SPAN + c1) * INDEX_SPAN + i;
  }
  keys.sort();
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = keys[i]! % INDEX_SPAN;
  let lo = 0;
  while (lo < n) {
    const key = Math.floor(keys[lo]! / INDEX_SPAN);
    let hi = lo + 1;
    while (hi < n && Math.floor(keys[hi]! / INDEX_SPAN) === key) hi++;
    if (hi - lo > 32) {
      const run = order.slice(lo, hi).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
      for (let i = lo; i < hi; i++) order[i] = run[i - lo]!;
    } else if (hi - lo > 1) insertionSortRun(order, ids, lo, hi);
    lo = hi;
  }
  return order;
}
