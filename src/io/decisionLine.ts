// A decision as one line of decisions.jsonl; the packed batch that carries decisions to the log's worker, and its encoder.

import type { Decision, DecisionKind, Outcome } from '../allocator/types.js';
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
/** String numbers per decision: id, symbol, partner id (−1 when none). */
const REFS = 3;
const HAS_GAP = 2;
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

/** Where encoded lines go: a buffer written in place, and the end of each cycle's lines. */
export interface LineBytesSink {
  /** The buffer, with room for `bytes` more after `position`. */
  room(bytes: number): Buffer;
  readonly position: number;
  /** Counts what was written in place: so many bytes, holding so many UTF-16 characters. */
  wrote(bytes: number, chars: number): void;
  endPiece(): void;
}

const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/**
 * A copy in memory of its own. Small Buffers are slices of shared 8 KB slabs, and one kept slice keeps its whole
 * slab: the encoder keeps hundreds of thousands of small byte runs, made at different times, which with slices
 * held on to about 500 MB of slabs in a long run.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
const KIND_BYTES = KINDS.map((k) => latin1(`${k}","id":`));
const SYMBOL_KEY = latin1(',"symbol":');
/** `,"outcome":"…","reason":"…","value":` for every outcome and reason. */
const OUTCOME_REASON_BYTES = OUTCOMES.map((o) => REASON_CODES.map((r) => latin1(`,"outcome":"${o}","reason":"${r}","value":`)));
const SWAP_KEY = latin1(',"swapValue":');
const BASE_KEY = latin1(',"terms":{"base":');
const PNL_KEY = latin1(',"pnlBonus":');
const PARTNER_KEY = latin1(',"partnerId":');
const GAP_KEY = latin1(',"gap":');
const LINE_END = latin1('}\n');
/** Bytes a line takes besides its strings: the keys (under 300) and twelve numbers of at most 25 characters. */
const LINE_BYTES_BESIDES_STRINGS = 700;

function putBytes(buf: Buffer, pos: number, bytes: Uint8Array): number {
  buf.set(bytes, pos);
  return pos + bytes.length;
}

function putAscii(buf: Buffer, pos: number, text: string): number {
  for (let k = 0; k < text.length; k++) buf[pos + k] = text.charCodeAt(k);
  return pos + text.length;
}

/** The text of the last few numbers of one column: most terms repeat from line to line (0, the cost, a side's penalty). */
class NumberMemo {
  private readonly values = new Float64Array(4);
  private readonly texts = ['0', '0', '0', '0'];
  private next = 0;

  textOf(x: number): string {
    const values = this.values;
    for (let i = 0; i < 4; i++) if (values[i] === x) return this.texts[i]!;
    const text = num(x);
    values[this.next] = x;
    this.texts[this.next] = text;
    this.next = (this.next + 1) & 3;
    return text;
  }
}

/** Terms 4 to 9 (trendBonus to cost) as JSON bytes, through the closing brace: the last few combinations, remembered. */
class TermsTailMemo {
  private readonly values = new Float64Array(4 * 6).fill(Number.NaN);
  private readonly bytes: Uint8Array[] = [];
  private next = 0;
  private readonly memos = Array.from({ length: 6 }, () => new NumberMemo());

  bytesOf(nums: Float64Array, n: number): Uint8Array {
    const values = this.values;
    for (let e = 0; e < 4; e++) {
      const v = e * 6;
      if (
        values[v] === nums[n + 4] && values[v + 1] === nums[n + 5] && values[v + 2] === nums[n + 6] &&
        values[v + 3] === nums[n + 7] && values[v + 4] === nums[n + 8] && values[v + 5] === nums[n + 9]
      ) {
        return this.bytes[e]!;
      }
    }
    let text = '';
    for (let k = 4; k <= 9; k++) text += `${TERM_KEYS[k - 4]!}${this.memos[k - 4]!.textOf(nums[n + k]!)}`;
    const bytes = latin1(`${text}}`);
    const e = this.next;
    for (let k = 0; k < 6; k++) values[e * 6 + k] = nums[n + 4 + k]!;
    this.bytes[e] = bytes;
    this.next = (e + 1) & 3;
    return bytes;
  }
}

const TERM_KEYS = [',"trendBonus":', ',"timeDecayPenalty":', ',"directionPenalty":', ',"clusterPenalty":', ',"correlationPenalty":', ',"cost":'];

/**
 * Writes packed decisions as the bytes of the lines cycleText would write, straight into the sink's buffer: no
 * Decision object, no line string, no UTF-8 encoding of whole lines. What repeats from cycle to cycle is kept as
 * bytes: each string's JSON, and per id the run from its kind to `"value":` (id, symbol, outcome, reason) and
 * its base score; the constant terms' run is remembered for the last few combinations.
 */
export class PackedLineEncoder {
  private stringBytes: Uint8Array[] = [];
  /** UTF-16 length of each string's JSON text: chunk boundaries count characters. */
  private stringChars: number[] = [];
  private lastBase = new Float64Array(1024);
  private lastBaseText: string[] = [];
  /** Per id: the bytes from its kind to `"value":`, and what they were made from (symbol, kind, outcome, reason). */
  private middles: Uint8Array[] = [];
  private middleKeys = new Float64Array(1024).fill(-1);
  private readonly tails = new TermsTailMemo();
  private readonly gapMemo = new NumberMemo();

  encode(p: PackedDecisions, sink: LineBytesSink): void {
    this.learnStrings(p);
    const { nums, codes, refs, counts } = p;
    const { stringBytes, stringChars } = this;
    let d = 0;
    for (let cycle = 0; cycle < p.cycles; cycle++) {
      const prefix = latin1(`{"ts":${tsJsonOf(p.tsMs[cycle]!)},"kind":"`);
      for (let end = d + counts[cycle]!; d < end; d++) {
        const n = d * NUMS;
        const c = d * 4;
        const r = d * REFS;
        const id = refs[r]!;
        const symbol = refs[r + 1]!;
        const middle = this.middleOf(id, symbol, codes[c]!, codes[c + 1]!, codes[c + 2]!);
        const partner = refs[r + 2]!;
        const partnerBytes = partner >= 0 ? stringBytes[partner]! : undefined;
        const buf = sink.room(LINE_BYTES_BESIDES_STRINGS + middle.length + (partnerBytes?.length ?? 0));
        const start = sink.position;
        let pos = putBytes(buf, start, prefix);
        pos = putBytes(buf, pos, middle);
        const value = nums[n]!;
        const swapValue = nums[n + 1]!;
        const valueText = num(value);
        pos = putAscii(buf, pos, valueText);
        pos = putBytes(buf, pos, SWAP_KEY);
        // Without penalties the value is the swap value, bit for bit.
        pos = putAscii(buf, pos, swapValue === value ? valueText : num(swapValue));
        pos = putBytes(buf, pos, BASE_KEY);
        pos = putAscii(buf, pos, this.baseText(id, nums[n + 2]!));
        pos = putBytes(buf, pos, PNL_KEY);
        pos = putAscii(buf, pos, num(nums[n + 3]!));
        pos = putBytes(buf, pos, this.tails.bytesOf(nums, n));
        const strings = stringBytes[id]!.length + stringBytes[symbol]!.length;
        let stringsBytes = strings;
        let stringsChars = stringChars[id]! + stringChars[symbol]!;
        if (partnerBytes !== undefined) {
          pos = putBytes(buf, pos, PARTNER_KEY);
          pos = putBytes(buf, pos, partnerBytes);
          stringsBytes += partnerBytes.length;
          stringsChars += stringChars[partner]!;
        }
        if ((codes[c + 3]! & HAS_GAP) !== 0) {
          pos = putBytes(buf, pos, GAP_KEY);
          pos = putAscii(buf, pos, this.gapMemo.textOf(nums[n + 10]!));
        }
        pos = putBytes(buf, pos, LINE_END);
        // Everything but the strings is ASCII: one character a byte.
        sink.wrote(pos - start, pos - start - stringsBytes + stringsChars);
      }
      sink.endPiece();
    }
  }

  /** `kind","id":<id>,"symbol":<symbol>,"outcome":"…","reason":"…","value":` of an id, made again only when it changed. */
  private middleOf(id: number, symbol: number, kind: number, outcome: number, reason: number): Uint8Array {
    const key = ((symbol * 2 + kind) * 4 + outcome) * 64 + reason;
    if (this.middleKeys[id] === key) return this.middles[id]!;
    const bytes = ownBytes(Buffer.concat([KIND_BYTES[kind]!, this.stringBytes[id]!, SYMBOL_KEY, this.stringBytes[symbol]!, OUTCOME_REASON_BYTES[outcome]![reason]!]));
    this.middles[id] = bytes;
    this.middleKeys[id] = key;
    return bytes;
  }

  private learnStrings(p: PackedDecisions): void {
    if (p.resetStrings) {
      this.stringBytes = [];
      this.stringChars = [];
      this.lastBaseText = [];
      this.middles = [];
      this.middleKeys.fill(-1);
    }
    for (const text of p.newStrings) {
      const json = JSON.stringify(text);
      this.stringBytes.push(ownBytes(Buffer.from(json, 'utf8')));
      this.stringChars.push(json.length);
    }
    if (this.lastBase.length < this.stringBytes.length) {
      const bigger = new Float64Array(this.stringBytes.length * 2);
      bigger.set(this.lastBase);
      this.lastBase = bigger;
      const keys = new Float64Array(this.stringBytes.length * 2).fill(-1);
      keys.set(this.middleKeys);
      this.middleKeys = keys;
    }
  }

  /** The base score's text, remembered per id. */
  private baseText(id: number, base: number): string {
    const known = this.lastBaseText[id];
    if (known !== undefined && this.lastBase[id] === base) return known;
    const text = num(base);
    this.lastBase[id] = base;
    this.lastBaseText[id] = text;
    return text;
  }
}
