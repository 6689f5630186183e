// The bad-input corpus: each broken file gives an InputError naming file, line, column and field.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPrices, validatePrices, type CsvSource } from '../../src/io/csv.js';
import { MAX_LISTED_ISSUES } from '../../src/io/inputError.js';
import { allSlices, Fixtures, inputErrorOf } from './csvHelpers.js';

const fx = new Fixtures();
beforeAll(() => fx.open());
afterAll(() => fx.close());

const HEADER = 'ts,symbol,open,high,low,close,volume';
const GOOD_1 = '2021-01-04,AAA,10,11,9,10.5,100';
const GOOD_2 = '2021-01-04,BBB,20,21,19,20.5,200';

/** Writes the file, reads it both ways (streamed and validated), and returns the message, checked to be the same. */
async function messageFor(name: string, lines: string[], extra: Partial<CsvSource> = {}): Promise<string> {
  await fx.write(name, lines.join('\n'));
  const streamed = await inputErrorOf(allSlices([fx.source(name, extra)]));
  const validated = await inputErrorOf(validatePrices([fx.source(name, extra)]));
  expect(validated.message).toBe(streamed.message);
  return streamed.message;
}

describe('bad price files', () => {
  it('bad number', async () => {
    // Columns: ts 1, symbol 12, open 16, high 19.
    const message = await messageFor('bad-number.csv', [HEADER, GOOD_1, '2021-01-04,BBB,20,abc,19,20.5,200']);
    expect(message).toBe('bad-number.csv:3:19: high: expected a finite number, was "abc"');
  });

  it('bad date', async () => {
    const message = await messageFor('bad-date.csv', [HEADER, '2021-02-30,AAA,10,11,9,10.5,100', GOOD_2]);
    expect(message).toBe('bad-date.csv:2:1: ts: expected an ISO-8601 date or date-time, or epoch seconds or milliseconds, was "2021-02-30"');
  });

  it('unsorted rows', async () => {
    const message = await messageFor('unsorted.csv', [HEADER, '2021-01-05,AAA,10,11,9,10.5,100', GOOD_2]);
    expect(message).toBe('unsorted.csv:3:1: ts: rows must be in ascending time: 2021-01-04T00:00:00Z comes after 2021-01-05T00:00:00Z on line 2');
  });

  it('duplicate rows', async () => {
    const message = await messageFor('duplicate.csv', [HEADER, GOOD_1, GOOD_2, '2021-01-04,AAA,10,11,9,10.5,999']);
    expect(message).toBe('duplicate.csv:4:12: symbol: duplicate row for AAA at 2021-01-04T00:00:00Z (first on line 2)');
  });

  it('missing column', async () => {
    const message = await messageFor('missing.csv', ['ts,symbol,open,high,low,close', '2021-01-04,AAA,10,11,9,10.5']);
    expect(message).toBe(
      'missing.csv:1:1: volume: missing required column "volume"; the header has "ts", "symbol", "open", "high", "low", "close"',
    );
    const mapped = await messageFor('missing-mapped.csv', [HEADER, GOOD_1], { columns: { ts: 'timestamp' } });
    expect(mapped).toMatch(/^missing-mapped\.csv:1:1: timestamp: missing required column "timestamp" \(the ts column\)/);
  });

  it('high below low', async () => {
    const message = await messageFor('high-low.csv', [HEADER, '2021-01-04,AAA,10,9,11,10,100']);
    expect(message).toBe('high-low.csv:2:19: high: high 9 is below low 11');
  });

  it('open or close outside the bar', async () => {
    const message = await messageFor('outside.csv', [HEADER, '2021-01-04,AAA,12,11,9,8.5,100']);
    expect(message).toBe(
      [
        "outside.csv:2:16: open: open 12 is outside the bar's range, low 9 to high 11",
        "outside.csv:2:24: close: close 8.5 is outside the bar's range, low 9 to high 11",
      ].join('\n'),
    );
  });

  it('negative price and negative volume', async () => {
    const message = await messageFor('negative.csv', [HEADER, '2021-01-04,AAA,-10,11,9,10.5,100', '2021-01-04,BBB,20,21,19,20.5,-1']);
    expect(message).toBe(
      ['negative.csv:2:16: open: expected a price > 0, was "-10"', 'negative.csv:3:30: volume: expected a volume >= 0, was "-1"'].join('\n'),
    );
  });

  it('empty file, and a header without rows', async () => {
    expect(await messageFor('empty.csv', [''])).toBe('empty.csv:1:1: the file is empty: expected a header line and data rows');
    expect(await messageFor('header-only.csv', [HEADER, ''])).toBe('header-only.csv:2:1: no data rows after the header');
  });

  it('wrong number of fields', async () => {
    const message = await messageFor('fields.csv', [HEADER, '2021-01-04,AAA,10,11,9,10.5']);
    expect(message).toBe('fields.csv:2:1: expected 7 fields as in the header, found 6');
  });

  it('a bad cell in a quoted file (csv-parse path), after a record spanning two lines', async () => {
    const message = await messageFor('quoted-bad.csv', [
      `${HEADER},note`,
      '"2021-01-04","AAA","10","11","9","10.5","100","a, b',
      'c"',
      '"2021-01-04","BBB","20","abc","19","20.5","200",""',
    ]);
    expect(message).toBe('quoted-bad.csv:4:25: high: expected a finite number, was "abc"');
  });

  it('malformed quoting', async () => {
    const message = await messageFor('malformed.csv', [HEADER, '2021-01-04,"AAA"x,10,11,9,10.5,100']);
    expect(message).toMatch(/^malformed\.csv:2: malformed CSV: /);
  });

  it('a bad gzip file', async () => {
    await writeFile(path.join(fx.dir, 'broken.csv.gz'), 'not gzip data');
    const error = await inputErrorOf(allSlices([fx.source('broken.csv.gz')]));
    expect(error.message).toMatch(/^broken\.csv\.gz: cannot read the file: /);
  });

  it('lists every problem of a file, up to the cap, and counts the rest', async () => {
    const rows = Array.from({ length: MAX_LISTED_ISSUES + 10 }, (_, k) => `2021-01-04,S${k},10,11,9,oops,100`);
    await fx.write('many.csv', [HEADER, ...rows].join('\n'));
    const error = await inputErrorOf(allSlices([fx.source('many.csv')]));
    expect(error.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(error.moreCount).toBe(10);
    expect(error.issues[0]).toEqual({ file: 'many.csv', line: 2, column: 23, field: 'close', message: 'expected a finite number, was "oops"' });
    expect(error.message.split('\n').at(-1)).toBe('... and 10 more issues');
  });
});

describe('bad sources', () => {
  it('a missing path, an empty folder, bad settings and a file name the pattern does not fit', async () => {
    await fx.write('empty-folder/readme.txt', 'no csv here');
    await fx.write('pattern/prices-X.csv', 'ts,open,high,low,close,volume\n1,1,1,1,1,1\n');
    const missing = await inputErrorOf(allSlices([fx.source('nope.csv')]));
    expect(missing.message).toBe('nope.csv: no such file or folder');
    const empty = await inputErrorOf(allSlices([fx.source('empty-folder')]));
    expect(empty.message).toBe('empty-folder: the folder has no .csv or .csv.gz files');
    const settings = await inputErrorOf(allSlices([fx.source('pattern', { utcOffset: '3h', tsLabel: 'open' })]));
    expect(settings.issues.map((i) => i.field)).toEqual(['utc_offset', 'bar_minutes']);
    const pattern = await inputErrorOf(allSlices([fx.source('pattern', { symbolPattern: '^bars-(.+)\\.csv$' })]));
    expect(pattern.message).toMatch(/^pattern\/prices-X\.csv: symbol_pattern: the file has no symbol column/);
    const fromName = await allSlices([fx.source('pattern', { symbolPattern: '^prices-(.+)\\.csv$' })]);
    expect(fromName[0].bars[0].symbol).toBe('X');
  });

  it('an error in one file of a folder names the file inside the folder', async () => {
    await fx.write('folder/a.csv', [HEADER, GOOD_1].join('\n'));
    await fx.write('folder/b.csv', [HEADER, '2021-01-04,BBB,20,21,19,20.5,x'].join('\n'));
    const error = await inputErrorOf(
      (async () => {
        for await (const _ of readPrices([fx.source('folder/')])) {
          // drain
        }
      })(),
    );
    expect(error.message).toBe('folder/b.csv:2:30: volume: expected a finite number, was "x"');
  });
});
