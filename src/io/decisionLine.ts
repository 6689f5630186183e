// A decision as one line of decisions.jsonl, and the packed batch that carries decisions to the log's worker.

import type { Decision, DecisionKind, Outcome, ReasonCode, ValueTerms } from '../allocator/types.js';
import { REASON_CODES } from '../allocator/types.js';
import { isoTimestamp } from '../sim/isoTime.js';

/** A JSON number: finite numbers as JSON writes them (the plan never holds NaN or infinities). */
function num(x: number): string {
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
function tsJsonOf(tsMs: number): string {
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

const KINDS: readonly DecisionKind[] = ['held', 'new'];
const OUTCOMES: readonly Outcome[] = ['keep', 'open', 'close', 'reject'];
const OUTCOME_CODES = new Map<string, number>(OUTCOMES.map((o, i) => [o, i]));
const REASON_INDEX = new Map<string, number>(REASON_CODES.map((r, i) => [r, i]));
/** Numbers per decision: value, swapValue, the eight terms, gap. */
const NUMS = 11;
const HAS_PARTNER = 1;
const HAS_GAP = 2;

/**
 * Decisions of whole cycles as typed arrays (transferred, not copied, to the worker) and one array of strings:
 * per decision its id and symbol, then its partner's id when it has one.
 */
export interface PackedDecisions {
  readonly cycles: number;
  readonly tsMs: Float64Array<ArrayBuffer>;
  readonly counts: Int32Array<ArrayBuffer>;
  readonly nums: Float64Array<ArrayBuffer>;
  /** Per decision: kind, outcome, reason, flags. */
  readonly codes: Uint8Array<ArrayBuffer>;
  readonly strings: string[];
}

/** Fills a PackedDecisions cycle by cycle; `take()` hands the batch over and starts a new one. */
export class DecisionPacker {
  private tsMs = new Float64Array(64);
  private counts = new Int32Array(64);
  private nums: Float64Array<ArrayBuffer>;
  private codes: Uint8Array<ArrayBuffer>;
  private strings: string[] = [];
  cycles = 0;
  decisions = 0;

  constructor(private readonly capacity: number) {
    this.nums = new Float64Array(capacity * NUMS);
    this.codes = new Uint8Array(capacity * 4);
  }

  /** Whether a cycle of `count` decisions still fits. */
  fits(count: number): boolean {
    return this.decisions + count <= this.capacity;
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
    const { nums, codes, strings } = this;
    let n = this.decisions * NUMS;
    let c = this.decisions * 4;
    for (const d of decisions) {
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
      codes[c + 3] = (d.partnerId !== undefined ? HAS_PARTNER : 0) | (d.gap !== undefined ? HAS_GAP : 0);
      c += 4;
      strings.push(d.id, d.symbol);
      if (d.partnerId !== undefined) strings.push(d.partnerId);
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
      strings: this.strings,
    };
    this.nums = new Float64Array(this.capacity * NUMS);
    this.codes = new Uint8Array(this.capacity * 4);
    this.strings = [];
    this.cycles = 0;
    this.decisions = 0;
    return packed;
  }
}

/** Where packed decisions are written: each line, and the end of each cycle's lines. */
export interface LineSink {
  write(line: string): void;
  endPiece(): void;
}

/** Writes every line of a packed batch, ending a piece after each cycle: the text cycleText gives, cycle by cycle. */
export function writePackedLines(p: PackedDecisions, sink: LineSink): void {
  let d = 0;
  let s = 0;
  for (let cycle = 0; cycle < p.cycles; cycle++) {
    const ts = tsJsonOf(p.tsMs[cycle]!);
    for (let end = d + p.counts[cycle]!; d < end; d++) {
      const n = d * NUMS;
      const c = d * 4;
      const flags = p.codes[c + 3]!;
      const terms: ValueTerms = {
        base: p.nums[n + 2]!,
        pnlBonus: p.nums[n + 3]!,
        trendBonus: p.nums[n + 4]!,
        timeDecayPenalty: p.nums[n + 5]!,
        directionPenalty: p.nums[n + 6]!,
        clusterPenalty: p.nums[n + 7]!,
        correlationPenalty: p.nums[n + 8]!,
        cost: p.nums[n + 9]!,
      };
      const id = p.strings[s++]!;
      const symbol = p.strings[s++]!;
      const decision: { -readonly [K in keyof Decision]: Decision[K] } = {
        kind: KINDS[p.codes[c]!]!,
        id,
        symbol,
        outcome: OUTCOMES[p.codes[c + 1]!]!,
        reason: REASON_CODES[p.codes[c + 2]!]! as ReasonCode,
        value: p.nums[n]!,
        swapValue: p.nums[n + 1]!,
        terms,
      };
      if ((flags & HAS_PARTNER) !== 0) decision.partnerId = p.strings[s++]!;
      if ((flags & HAS_GAP) !== 0) decision.gap = p.nums[n + 10]!;
      sink.write(decisionLine(ts, decision));
    }
    sink.endPiece();
  }
}
