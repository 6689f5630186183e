// A decision as one line of decisions.jsonl, and the packed batch that carries decisions to the log's worker.

import type { Decision, DecisionKind, Outcome } from '../allocator/types.js';
import { REASON_CODES } from '../allocator/types.js';
import { isoTimestamp } from '../sim/isoTime.js';

/** A JSON number: finite numbers as JSON writes them (the plan never holds NaN or infinities). */
export function num(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/**
 * One decision as a JSON line, keys in a fixed order: ts, kind, id, symbol, outcome, reason, value, swapValue,
 * terms, then partnerId and gap when present. Written by hand because it runs millions of times a long replay;
 * strings from input still go through JSON.stringify for escaping.
 */
export function decisionLine(tsJson: string, d: Decision): string {
  const t = d.terms;
  let line =
    `{"ts":${tsJson},"kind":"${d.kind}","id":${JSON.stringify(d.id)},"symbol":${JSON.stringify(d.symbol)},` +
    `"outcome":"${d.outcome}","reason":"${d.reason}","value":${num(d.value)},"swapValue":${num(d.swapValue)},` +
    `"terms":{"base":${num(t.base)},"pnlBonus":${num(t.pnlBonus)},"trendBonus":${num(t.trendBonus)},` +
    `"timeDecayPenalty":${num(t.timeDecayPenalty)},"directionPenalty":${num(t.directionPenalty)},` +
    `"clusterPenalty":${num(t.clusterPenalty)},"correlationPenalty":${num(t.correlationPenalty)},"cost":${num(t.cost)}}`;
  if (d.partnerId !== undefined) line += `,"partnerId":${JSON.stringify(d.partnerId)}`;
  if (d.gap !== undefined) line += `,"gap":${num(d.gap)}`;
  return line + '}\n';
}

/** A cycle's time as the JSON string every one of its lines starts with. */
export function tsJsonOf(tsMs: number): string {
  // An ISO time holds nothing JSON escapes.
  return `"${isoTimestamp(tsMs)}"`;
}

/** The lines of one cycle's decisions, joined. */
export function cycleText(tsMs: number, decisions: readonly Decision[]): string {
  const ts = tsJsonOf(tsMs);
  let text = '';
  for (const d of decisions) text += decisionLine(ts, d);
  return text;
}

export const KINDS: readonly DecisionKind[] = ['held', 'new'];
export const OUTCOMES: readonly Outcome[] = ['keep', 'open', 'close', 'reject'];
const OUTCOME_CODES = new Map<string, number>(OUTCOMES.map((o, i) => [o, i]));
const REASON_INDEX = new Map<string, number>(REASON_CODES.map((r, i) => [r, i]));
/** Numbers per decision: value, swapValue, the eight terms, gap. */
export const NUMS = 11;
/** String numbers per decision: id, symbol, partner id (−1 when none). */
export const REFS = 3;
export const HAS_GAP = 2;
/** Strings numbered before the numbering starts again (ids of a long run's candidates are all different). */
const MAX_NUMBERED_STRINGS = 1 << 16;

/**
 * Decisions of whole cycles as typed arrays (transferred, not copied, to the worker). Ids and symbols repeat from
 * cycle to cycle (a held position's, every cycle), so each string is sent once, with a number that stands for it
 * after, instead of two strings a decision copied into every message and read back on the other side.
 */
export interface PackedDecisions {
  readonly cycles: number;
  readonly tsMs: Float64Array<ArrayBuffer>;
  readonly counts: Int32Array<ArrayBuffer>;
  readonly nums: Float64Array<ArrayBuffer>;
  /** Per decision: kind, outcome, reason, flags. */
  readonly codes: Uint8Array<ArrayBuffer>;
  /** Per decision: the numbers of its id, symbol and partner id (−1: none). */
  readonly refs: Int32Array<ArrayBuffer>;
  /** Strings numbered in this batch, in number order. */
  readonly newStrings: string[];
  /** Numbering started again at 0 with this batch: strings numbered before it are forgotten. */
  readonly resetStrings: boolean;
}

/**
 * A cycle's decisions come in id order, held positions first: the string at place i is usually the one at place i
 * the cycle before, and then its number needs no lookup.
 */
class NumbersByPlace {
  private texts: string[] = [];
  private numbers: number[] = [];

  numberAt(place: number, text: string, numberOf: (text: string) => number): number {
    if (this.texts[place] === text) return this.numbers[place]!;
    const k = numberOf(text);
    this.texts[place] = text;
    this.numbers[place] = k;
    return k;
  }

  /** Forgets every place (the numbering starts again). */
  clear(): void {
    this.texts = [];
    this.numbers = [];
  }
}

/** Fills a PackedDecisions cycle by cycle; `take()` hands the batch over and starts a new one. */
export class DecisionPacker {
  private tsMs = new Float64Array(64);
  private counts = new Int32Array(64);
  private nums!: Float64Array<ArrayBuffer>;
  private codes!: Uint8Array<ArrayBuffer>;
  private refs!: Int32Array<ArrayBuffer>;
  private readonly stringNumbers = new Map<string, number>();
  private readonly idsByPlace = new NumbersByPlace();
  private readonly symbolsByPlace = new NumbersByPlace();
  private newStrings: string[] = [];
  private resetStrings = false;
  cycles = 0;
  decisions = 0;

  constructor(
    private capacity: number,
    /** Tests lower it to see the numbering start again. */
    private readonly maxNumberedStrings = MAX_NUMBERED_STRINGS,
  ) {
    this.allocate();
  }

  /** Whether a cycle of `count` decisions still fits. */
  fits(count: number): boolean {
    return this.decisions + count <= this.capacity;
  }

  /** Room for a cycle larger than the capacity; only while empty. */
  growTo(capacity: number): void {
    if (this.decisions > 0) throw new Error('DecisionPacker.growTo: the batch is not empty');
    this.capacity = Math.max(this.capacity, capacity);
    this.allocate();
  }

  add(tsMs: number, decisions: readonly Decision[]): void {
    if (this.cycles === this.tsMs.length) {
      const ts = new Float64Array(this.cycles * 2);
      ts.set(this.tsMs);
      this.tsMs = ts;
      const counts = new Int32Array(this.cycles * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.tsMs[this.cycles] = tsMs;
    this.counts[this.cycles] = decisions.length;
    this.cycles++;
    const { nums, codes, refs } = this;
    let n = this.decisions * NUMS;
    let c = this.decisions * 4;
    let r = this.decisions * REFS;
    for (let i = 0; i < decisions.length; i++) {
      const d = decisions[i]!;
      const t = d.terms;
      nums[n] = d.value;
      nums[n + 1] = d.swapValue;
      nums[n + 2] = t.base;
      nums[n + 3] = t.pnlBonus;
      nums[n + 4] = t.trendBonus;
      nums[n + 5] = t.timeDecayPenalty;
      nums[n + 6] = t.directionPenalty;
      nums[n + 7] = t.clusterPenalty;
      nums[n + 8] = t.correlationPenalty;
      nums[n + 9] = t.cost;
      nums[n + 10] = d.gap ?? 0;
      n += NUMS;
      codes[c] = d.kind === 'held' ? 0 : 1;
      codes[c + 1] = OUTCOME_CODES.get(d.outcome)!;
      codes[c + 2] = REASON_INDEX.get(d.reason)!;
      codes[c + 3] = d.gap !== undefined ? HAS_GAP : 0;
      c += 4;
      refs[r] = this.idsByPlace.numberAt(i, d.id, this.numberOf);
      refs[r + 1] = this.symbolsByPlace.numberAt(i, d.symbol, this.numberOf);
      refs[r + 2] = d.partnerId !== undefined ? this.numberOf(d.partnerId) : -1;
      r += REFS;
    }
    this.decisions += decisions.length;
  }

  take(): PackedDecisions {
    const packed: PackedDecisions = {
      cycles: this.cycles,
      tsMs: this.tsMs.slice(0, this.cycles),
      counts: this.counts.slice(0, this.cycles),
      nums: this.nums,
      codes: this.codes,
      refs: this.refs,
      newStrings: this.newStrings,
      resetStrings: this.resetStrings,
    };
    this.allocate();
    this.newStrings = [];
    this.resetStrings = this.stringNumbers.size > this.maxNumberedStrings;
    if (this.resetStrings) {
      this.stringNumbers.clear();
      this.idsByPlace.clear();
      this.symbolsByPlace.clear();
    }
    this.cycles = 0;
    this.decisions = 0;
    return packed;
  }

  private allocate(): void {
    this.nums = new Float64Array(this.capacity * NUMS);
    this.codes = new Uint8Array(this.capacity * 4);
    this.refs = new Int32Array(this.capacity * REFS);
  }

  private readonly numberOf = (text: string): number => {
    let k = this.stringNumbers.get(text);
    if (k === undefined) {
      k = this.stringNumbers.size;
      this.stringNumbers.set(text, k);
      this.newStrings.push(text);
    }
    return k;
  };
}
