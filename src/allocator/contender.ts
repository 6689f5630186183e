// A contender of one auction (an open position or a candidate), with its fixed value terms and its total order.

import type { CandidateSignal, DecisionKind, Direction, OpenPositionMetadata } from './types.js';

/** One contender; the fixed parts of its value are computed once, the penalties change as winners are added. */
export interface Contender {
  readonly index: number;
  readonly kind: DecisionKind;
  readonly id: string;
  /** Normalised symbol. */
  readonly symbol: string;
  readonly direction: Direction;
  /** 0 long, 1 short: the index of its side's heap and counters. */
  readonly side: 0 | 1;
  /** +1 long, −1 short. */
  readonly sign: 1 | -1;
  readonly cluster: string;
  /** Margin used (held) or required (new). */
  readonly margin: number;
  /** Held: age; new: −1, so that held positions come first and older ones before younger. */
  readonly ageMinutes: number;
  readonly locked: boolean;
  readonly base: number;
  readonly pnlBonus: number;
  readonly trendBonus: number;
  readonly timeDecayPenalty: number;
  readonly cost: number;
  /** Value without concentration and correlation penalties (allocator.md §7). */
  readonly swapValue: number;
  readonly source: OpenPositionMetadata | CandidateSignal;
}

/**
 * The auction's total order on equal values: held before new, older held first, lower margin, then id.
 * Negative when `a` ranks before `b`.
 */
export function compareTieBreak(a: Contender, b: Contender): number {
  if (a.ageMinutes !== b.ageMinutes) return b.ageMinutes - a.ageMinutes;
  if (a.margin !== b.margin) return a.margin - b.margin;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The auction's total order: higher value first, then the tie-break. Negative when `a` ranks first. */
export function compareByValue(a: Contender, valueA: number, b: Contender, valueB: number): number {
  if (valueA !== valueB) return valueA > valueB ? -1 : 1;
  return compareTieBreak(a, b);
}
