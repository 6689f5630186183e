// Hysteresis (allocator.md §7.3): the maximum one-to-one pairing of dropped positions and added candidates.

import type { ContenderTable } from './contender.js';

/** Dropped open positions and the candidates that would replace them, pair by pair. */
export interface SwapPairs {
  readonly outs: number[];
  readonly ins: number[];
  /** swapValue(new) − swapValue(open) − threshold. */
  readonly gaps: number[];
}

export function swapGap(t: ContenderTable, outgoing: number, incoming: number, threshold: number): number {
  return t.swapValue[incoming]! - t.swapValue[outgoing]! - threshold;
}

/** The swap rule: swapValue(new) ≥ swapValue(open) + swap_threshold. */
function swapAllowed(t: ContenderTable, outgoing: number, incoming: number, threshold: number): boolean {
  return t.swapValue[incoming]! >= t.swapValue[outgoing]! + threshold;
}

/**
 * Pairs the k weakest dropped (ascending) with the k strongest added, both ascending: droppedAsc[from + i] with
 * addedDesc[from + k − 1 − i] when `addedDesc` is sorted strongest first.
 */
export function pairsOf(
  t: ContenderTable,
  droppedAsc: readonly number[],
  addedDesc: readonly number[],
  from: number,
  k: number,
  threshold: number,
): SwapPairs {
  const pairs: SwapPairs = { outs: [], ins: [], gaps: [] };
  for (let i = 0; i < k; i++) {
    const out = droppedAsc[from + i]!;
    const incoming = addedDesc[from + k - 1 - i]!;
    pairs.outs.push(out);
    pairs.ins.push(incoming);
    pairs.gaps.push(swapGap(t, out, incoming, threshold));
  }
  return pairs;
}

function pairingValid(t: ContenderTable, droppedAsc: readonly number[], addedDesc: readonly number[], k: number, threshold: number): boolean {
  for (let i = 0; i < k; i++) {
    if (!swapAllowed(t, droppedAsc[i]!, addedDesc[k - 1 - i]!, threshold)) return false;
  }
  return true;
}

/**
 * The largest k whose pairing is valid: the maximum number of valid one-to-one pairs. Validity is monotone
 * (dropping the weakest added from a valid pairing of k leaves a valid pairing of k − 1), so a binary search finds it.
 */
export function maxPairCount(t: ContenderTable, droppedAsc: readonly number[], addedDesc: readonly number[], threshold: number): number {
  let lo = 0;
  let hi = Math.min(droppedAsc.length, addedDesc.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pairingValid(t, droppedAsc, addedDesc, mid, threshold)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
