// Hysteresis (allocator.md §7.3): the maximum one-to-one pairing of dropped positions and added candidates.

import type { Contender } from './contender.js';

/** A dropped open position and the candidate that would replace it. */
export interface SwapPair {
  readonly out: Contender;
  readonly in: Contender;
  /** swapValue(new) − swapValue(open) − threshold. */
  readonly gap: number;
}

export function swapGap(outgoing: Contender, incoming: Contender, threshold: number): number {
  return incoming.swapValue - outgoing.swapValue - threshold;
}

/** The swap rule: swapValue(new) ≥ swapValue(open) + swap_threshold. */
export function swapAllowed(outgoing: Contender, incoming: Contender, threshold: number): boolean {
  return incoming.swapValue >= outgoing.swapValue + threshold;
}

/**
 * Pairs the k weakest dropped (ascending) with the k strongest added, both ascending: dropped[i] with
 * added[k − 1 − i] when `addedDesc` is sorted strongest first.
 */
export function pairsOf(droppedAsc: readonly Contender[], addedDesc: readonly Contender[], k: number, threshold: number): SwapPair[] {
  const pairs: SwapPair[] = [];
  for (let i = 0; i < k; i++) {
    const out = droppedAsc[i]!;
    const incoming = addedDesc[k - 1 - i]!;
    pairs.push({ out, in: incoming, gap: swapGap(out, incoming, threshold) });
  }
  return pairs;
}

function pairingValid(droppedAsc: readonly Contender[], addedDesc: readonly Contender[], k: number, threshold: number): boolean {
  for (let i = 0; i < k; i++) {
    if (!swapAllowed(droppedAsc[i]!, addedDesc[k - 1 - i]!, threshold)) return false;
  }
  return true;
}

/**
 * The largest k whose pairing is valid: the maximum number of valid one-to-one pairs. Validity is monotone
 * (dropping the weakest added from a valid pairing of k leaves a valid pairing of k − 1), so a binary search finds it.
 */
export function maxPairCount(droppedAsc: readonly Contender[], addedDesc: readonly Contender[], threshold: number): number {
  let lo = 0;
  let hi = Math.min(droppedAsc.length, addedDesc.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pairingValid(droppedAsc, addedDesc, mid, threshold)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
