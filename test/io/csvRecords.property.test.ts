// Properties of parseCsvRecords (the run folder's CSV splitter):
// 1. Any table written with csvRow (quoting commas, quotes, CR, LF and edge spaces) reads back cell for cell.
// 2. On the same text it agrees with csv-parse (bom, skip_empty_lines, strict record length): same cells, and each
//    record's line is csv-parse's info.lines. Cells here hold no CR: inside quotes csv-parse counts a CRLF as two
//    lines while it is still detecting the line ending, where an editor (and this parser) sees one.

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRow } from '../../src/io/csvText.js';
import { parseCsvRecords } from '../../src/io/csvRecords.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);

/** Cells drawn from a small alphabet heavy in the characters that need quoting. */
const cellArb = fc.string({ unit: fc.constantFrom('a', 'b', '1', '.', ' ', ',', '"', '\n', '\r', 'é', '-'), maxLength: 6 });

function tableOf(cell: fc.Arbitrary<string>): fc.Arbitrary<string[][]> {
  return fc
    .integer({ min: 1, max: 5 })
    .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }))
    // A record of one empty cell is an empty line, which both parsers skip: keep it out of the tables.
    .filter((rows) => rows.every((r) => !(r.length === 1 && r[0] === '')));
}

const tableArb = tableOf(cellArb);
const tableWithoutCrArb = tableOf(cellArb.map((cell) => cell.replaceAll('\r', '')));

describe('parseCsvRecords', () => {
  it('1. reads back every table csvRow wrote', () => {
    fc.assert(
      fc.property(tableArb, fc.boolean(), (rows, crlf) => {
        let text = rows.map((r) => csvRow(r)).join('');
        if (crlf) text = text.replace(/\n(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\r\n');
        expect(parseCsvRecords(text).map((r) => r.cells)).toEqual(rows);
      }),
      { numRuns },
    );
  });

  it('2. agrees with csv-parse on cells and lines', () => {
    fc.assert(
      fc.property(tableWithoutCrArb, fc.array(fc.nat({ max: 8 }), { maxLength: 3 }), (rows, blankAfter) => {
        // Blank lines between records shift the line numbers both must report.
        const lines = rows.map((r) => csvRow(r));
        for (const k of blankAfter) if (k < lines.length) lines[k] += '\n';
        const text = `\uFEFF${lines.join('')}`;
        const theirs = parse(text, { info: true, bom: true, skip_empty_lines: true }) as unknown as {
          record: string[];
          info: { lines: number };
        }[];
        const ours = parseCsvRecords(text);
        expect(ours.map((r) => r.cells)).toEqual(theirs.map((r) => r.record));
        expect(ours.map((r) => r.line)).toEqual(theirs.map((r) => r.info.lines));
      }),
      { numRuns },
    );
  });
});
