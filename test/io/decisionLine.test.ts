// The hand-written decision serialiser writes exactly what JSON.stringify would, key order included, and decisions
// packed for the log's worker come back as the same text as formatting them in line.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REASON_CODES, type Decision } from '../../src/allocator/types.js';
import { cycleText, decisionLine, DecisionPacker } from '../../src/io/decisionLine.js';
import { PackedLineEncoder, type LineBytesSink } from '../../src/io/packedLineEncoder.js';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

const aDecision = fc.record(
  {
    kind: fc.constantFrom('held' as const, 'new' as const),
    id: fc.string(),
    symbol: fc.string(),
    outcome: fc.constantFrom('keep' as const, 'open' as const, 'close' as const, 'reject' as const),
    reason: fc.constantFrom(...REASON_CODES),
    value: finite,
    swapValue: finite,
    terms: fc.record({
      base: finite, pnlBonus: finite, trendBonus: finite, timeDecayPenalty: finite,
      directionPenalty: finite, clusterPenalty: finite, correlationPenalty: finite, cost: finite,
    }),
    partnerId: fc.string(),
    gap: finite,
  },
  { requiredKeys: ['kind', 'id', 'symbol', 'outcome', 'reason', 'value', 'swapValue', 'terms'] },
);

describe('decisionLine', () => {
  it('equals JSON.stringify of { ts, ...decision } for any decision, quotes and unicode in ids included', () => {
    fc.assert(
      fc.property(aDecision, (d) => {
        const ts = '2020-01-02T00:00:00.000Z';
        expect(decisionLine(JSON.stringify(ts), d as Decision)).toBe(JSON.stringify({ ts, ...d }) + '\n');
      }),
      { numRuns: 500 },
    );
  });
});


/** A sink that keeps each piece's text (decoded from the bytes written in place) and the characters it was told. */
class PieceSink implements LineBytesSink {
  private buffer = Buffer.alloc(64);
  position = 0;
  private pieceStart = 0;
  private pieceChars = 0;
  readonly pieces: { text: string; chars: number }[] = [];

  room(bytes: number): Buffer {
    if (this.buffer.length - this.position < bytes) {
      const bigger = Buffer.alloc(Math.max(this.buffer.length * 2, this.position + bytes));
      this.buffer.copy(bigger, 0, 0, this.position);
      this.buffer = bigger;
    }
    return this.buffer;
  }

  wrote(bytes: number, chars: number): void {
    this.position += bytes;
    this.pieceChars += chars;
  }

  endPiece(): void {
    this.pieces.push({ text: this.buffer.toString('utf8', this.pieceStart, this.position), chars: this.pieceChars });
    this.pieceStart = this.position;
    this.pieceChars = 0;
  }
}

/** Ids and symbols from a small set, so that strings come back in later cycles and batches. */
const aRepeatingDecision = aDecision.chain((d) =>
  fc.record({ id: fc.constantFrom('a', 'b', 'é"\\', '😀', d.id), symbol: fc.constantFrom('AAA', 'BB\n', d.symbol) }).map((s) => ({ ...d, ...s })),
);

describe('DecisionPacker and PackedLineEncoder', () => {
  it('packed cycles come out as the bytes cycleText writes, batch after batch, with the characters counted', () => {
    const aCycle = fc.record({ tsMs: fc.integer({ min: 0, max: 4_102_444_800_000 }), decisions: fc.array(aRepeatingDecision, { maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(fc.array(aCycle, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 8 }), (batches, maxStrings) => {
        const packer = new DecisionPacker(64, maxStrings);
        const encoder = new PackedLineEncoder();
        const sink = new PieceSink();
        for (const batch of batches) {
          for (const c of batch) packer.add(c.tsMs, c.decisions as Decision[]);
          encoder.encode(packer.take(), sink);
          // The packer starts empty again after take().
          expect(packer.decisions).toBe(0);
          expect(packer.cycles).toBe(0);
        }
        const expected = batches.flat().map((c) => cycleText(c.tsMs, c.decisions as Decision[]));
        expect(sink.pieces.map((p) => p.text)).toEqual(expected);
        expect(sink.pieces.map((p) => p.chars)).toEqual(expected.map((t) => t.length));
      }),
      { numRuns: 300 },
    );
  });

  it('sends each string once until the numbering starts again', () => {
    const packer = new DecisionPacker(8, 3);
    packer.add(0, [held('a', 'X'), held('b', 'X')]);
    const first = packer.take();
    expect(first.newStrings).toEqual(['a', 'X', 'b']);
    expect(first.resetStrings).toBe(false);
    packer.add(1, [held('a', 'X'), held('c', 'X')]);
    // Now four strings are numbered, more than 3: the batch after this one numbers from 0 again.
    const second = packer.take();
    expect(second.newStrings).toEqual(['c']);
    expect(second.resetStrings).toBe(false);
    expect([...second.refs.subarray(0, 6)]).toEqual([0, 1, -1, 3, 1, -1]);
    packer.add(2, [held('c', 'X')]);
    const third = packer.take();
    expect(third.resetStrings).toBe(true);
    expect(third.newStrings).toEqual(['c', 'X']);
    expect([...third.refs.subarray(0, 3)]).toEqual([0, 1, -1]);
  });

  it('says when a cycle no longer fits, and grows only while empty', () => {
    const packer = new DecisionPacker(3);
    expect(packer.fits(3)).toBe(true);
    expect(packer.fits(4)).toBe(false);
    packer.growTo(5);
    expect(packer.fits(5)).toBe(true);
    packer.add(0, [held('a', 'X')]);
    expect(() => packer.growTo(9)).toThrow(/not empty/);
  });
});

function held(id: string, symbol: string): Decision {
  return {
    kind: 'held', id, symbol, outcome: 'keep', reason: 'winner', value: 1, swapValue: 1,
    terms: { base: 1, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: 2 },
  };
}
