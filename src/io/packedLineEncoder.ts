// Writing packed decisions as the bytes of their JSON lines, in place in the gzip buffer: the log worker's formatter.

import { REASON_CODES } from '../allocator/types.js';
import { HAS_GAP, KINDS, num, NUMS, OUTCOMES, REFS, tsJsonOf, type PackedDecisions } from './decisionLine.js';

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
