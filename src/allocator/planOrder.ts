// The plan's orderings of held positions and winners (allocator.md §7): by the auction's order, or by swap value.

import type { ContenderTable } from './contender.js';
import { compareByValue } from './contender.js';

// Each is a total order (its last key is the id), so any correct sort gives the same result as Array.prototype.sort
// with the same comparator, and the short lists of a plan are sorted by binary insertion without a comparator call
// per step. With a NaN among the values the comparators are not consistent, and the result would depend on the
// algorithm: then, and for long lists, Array.prototype.sort runs on the comparator itself, exactly as always.

/** Lists longer than this go to Array.prototype.sort (binary insertion moves O(n²) items). */
const INSERTION_MAX = 64;

/** Sorts by the auction's total order: strongest first, or weakest first. */
export function sortByStrength(items: number[], t: ContenderTable, value: Float64Array, weakestFirst: boolean): void {
  if (items.length > INSERTION_MAX || hasNaN(items, value)) {
    if (weakestFirst) items.sort((a, b) => compareByValue(t, b, value[b]!, a, value[a]!));
    else items.sort((a, b) => compareByValue(t, a, value[a]!, b, value[b]!));
    return;
  }
  // Without NaN the order is antisymmetric: reversing it is negating the comparison.
  const sign = weakestFirst ? -1 : 1;
  for (let k = 1; k < items.length; k++) {
    const item = items[k]!;
    const v = value[item]!;
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = items[mid]!;
      if (sign * compareByValue(t, other, value[other]!, item, v) < 0) lo = mid + 1;
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
  if (items.length > INSERTION_MAX || hasNaN(items, value) || hasNaN(items, swap)) {
    if (ascending) items.sort((a, b) => swap[a]! - swap[b]! || compareByValue(t, b, value[b]!, a, value[a]!));
    else items.sort((a, b) => swap[b]! - swap[a]! || compareByValue(t, a, value[a]!, b, value[b]!));
    return;
  }
  for (let k = 1; k < items.length; k++) {
    const item = items[k]!;
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = items[mid]!;
      const d = ascending
        ? swap[other]! - swap[item]! || compareByValue(t, item, value[item]!, other, value[other]!)
        : swap[item]! - swap[other]! || compareByValue(t, other, value[other]!, item, value[item]!);
      if (d < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let q = k; q > lo; q--) items[q] = items[q - 1]!;
    items[lo] = item;
  }
}

function hasNaN(items: readonly number[], values: Float64Array): boolean {
  for (const c of items) if (Number.isNaN(values[c]!)) return true;
  return false;
}
