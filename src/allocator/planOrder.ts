// The plan's orderings of held positions and winners (allocator.md §7): by the auction's order, or by swap value.

import type { ContenderTable } from './contender.js';
import { compareByValue, compareTieBreak } from './contender.js';

// Each is a total order (its last key is the id), so any correct sort gives the same result as Array.prototype.sort
// with the same comparator; a plan's lists are sorted by a merge sort that compares inline. With a NaN among the
// values the comparators are not consistent and the result would depend on the algorithm: then Array.prototype.sort
// runs on the comparator itself, exactly as it always did.

const BY_STRENGTH = 0;
const WEAKEST_FIRST = 1;
const BY_SWAP_ASCENDING = 2;
const BY_SWAP_DESCENDING = 3;
/** Runs this short are sorted by insertion before merging. */
const INSERTION_RUN = 8;
/** Lists this short are sorted by strength with binary insertion, values compared inline. */
const BINARY_INSERTION_MAX = 64;

/** Sorts by the auction's total order: strongest first, or weakest first. */
export function sortByStrength(items: number[], t: ContenderTable, value: Float64Array, weakestFirst: boolean): void {
  if (hasNaN(items, value)) {
    if (weakestFirst) items.sort((a, b) => compareByValue(t, b, value[b]!, a, value[a]!));
    else items.sort((a, b) => compareByValue(t, a, value[a]!, b, value[b]!));
    return;
  }
  if (items.length > BINARY_INSERTION_MAX) {
    mergeSort(items, t, value, weakestFirst ? WEAKEST_FIRST : BY_STRENGTH);
    return;
  }
  // The held positions of a call: few, and worth comparing numbers inline (the tie-break only on equal values).
  for (let k = 1; k < items.length; k++) {
    const item = items[k]!;
    const v = value[item]!;
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = items[mid]!;
      const w = value[other]!;
      // Whether `other` comes before `item`.
      const before =
        w !== v ? (weakestFirst ? w < v : w > v) : (weakestFirst ? compareTieBreak(t, item, other) : compareTieBreak(t, other, item)) < 0;
      if (before) lo = mid + 1;
      else hi = mid;
    }
    for (let q = k; q > lo; q--) items[q] = items[q - 1]!;
    items[lo] = item;
  }
}

/**
 * Sorts by swap value, ascending (ties: weaker first) or descending (ties: stronger first), the orders of the
 * dropped positions and the added candidates in the pairing.
 */
export function sortBySwapValue(items: number[], t: ContenderTable, value: Float64Array, ascending: boolean): void {
  const swap = t.swapValue;
  if (hasNaN(items, value) || hasNaN(items, swap)) {
    if (ascending) items.sort((a, b) => swap[a]! - swap[b]! || compareByValue(t, b, value[b]!, a, value[a]!));
    else items.sort((a, b) => swap[b]! - swap[a]! || compareByValue(t, a, value[a]!, b, value[b]!));
    return;
  }
  mergeSort(items, t, value, ascending ? BY_SWAP_ASCENDING : BY_SWAP_DESCENDING);
}

/**
 * The comparator of each order, negative when `a` comes first. Without NaN they are antisymmetric, so reversing
 * an order is swapping the arguments.
 */
function compare(t: ContenderTable, value: Float64Array, order: number, a: number, b: number): number {
  if (order === BY_STRENGTH) return compareByValue(t, a, value[a]!, b, value[b]!);
  if (order === WEAKEST_FIRST) return compareByValue(t, b, value[b]!, a, value[a]!);
  const swap = t.swapValue;
  if (order === BY_SWAP_ASCENDING) return swap[a]! - swap[b]! || compareByValue(t, b, value[b]!, a, value[a]!);
  return swap[b]! - swap[a]! || compareByValue(t, a, value[a]!, b, value[b]!);
}

/** Bottom-up merge sort: insertion-sorted runs, then merged pairwise through a second array. */
function mergeSort(items: number[], t: ContenderTable, value: Float64Array, order: number): void {
  const n = items.length;
  for (let lo = 0; lo < n; lo += INSERTION_RUN) {
    const hi = Math.min(n, lo + INSERTION_RUN);
    for (let k = lo + 1; k < hi; k++) {
      const item = items[k]!;
      let q = k;
      while (q > lo && compare(t, value, order, item, items[q - 1]!) < 0) {
        items[q] = items[q - 1]!;
        q--;
      }
      items[q] = item;
    }
  }
  if (n <= INSERTION_RUN) return;
  let src = items;
  let dst = new Array<number>(n);
  for (let width = INSERTION_RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let x = lo;
      let y = mid;
      let o = lo;
      while (x < mid && y < hi) dst[o++] = compare(t, value, order, src[y]!, src[x]!) < 0 ? src[y++]! : src[x++]!;
      while (x < mid) dst[o++] = src[x++]!;
      while (y < hi) dst[o++] = src[y++]!;
    }
    const swapped = src;
    src = dst;
    dst = swapped;
  }
  if (src !== items) for (let i = 0; i < n; i++) items[i] = src[i]!;
}

/** Whether any of the items' values is NaN (then the comparators are not consistent). */
export function hasNaN(items: readonly number[], values: Float64Array): boolean {
  for (const c of items) if (Number.isNaN(values[c]!)) return true;
  return false;
}
