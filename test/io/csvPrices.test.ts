// Tests of readPrices and validatePrices on good files of each layout: merge order, time rules, fast path = csv-parse.

import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/io/inputError.js';
import { readPrices, validatePrices } from '../../src/io/csv.js';
import { csvScanTuning } from '../../src/io/csvSource.js';
import { allSlices, Fixtures, inputErrorOf, READ_PATHS, readingOn, slicesInLine, sliceText } from './csvHelpers.js';

const fx = new Fixtures();
beforeAll(() => fx.open());
afterAll(() => fx.close());

const defaultChunkBytes = csvScanTuning.chunkBytes;
afterEach(() => {
  csvScanTuning.chunkBytes = defaultChunkBytes;
});

const PRICES = [
  'ts,symbol,open,high,low,close,volume',
  '2021-01-04,BBB,20,21,19,20.5,200',
  '2021-01-04,AAA,10,11,9,10.5,100',
  '2021-01-05,AAA,10.5,12,10,11,150',
  '2021-01-05,BBB,20.5,22,20,21,250',
  '2021-01-06,AAA,11,11.5,10.5,11.25,0',
  '',
].join('\n');

const EXPECTED = [
  '2021-01-04T00:00:00.000Z AAA:10/11/9/10.5/100 BBB:20/21/19/20.5/200',
  '2021-01-05T00:00:00.000Z AAA:10.5/12/10/11/150 BBB:20.5/22/20/21/250',
  '2021-01-06T00:00:00.000Z AAA:11/11.5/10.5/11.25/0',
];

/** Timestamps x symbols rows of plausible bars, every symbol at every time, ts as epoch seconds. */
function bigPrices(times: number, symbols: number, extra = ''): string {
  const lines = [`ts,symbol,open,high,low,close,volume${extra ? ',note' : ''}`];
  for (let t = 0; t < times; t++) {
    for (let s = 0; s < symbols; s++) {
      const p = 100 + ((t * 7 + s * 13) % 50) / 4;
      lines.push(`${1_600_000_000 + t * 3600},S${s},${p},${p + 1.5},${p - 1.25},${p + 0.5},${t * 10 + s}${extra ? `,${extra}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('readPrices: layouts', () => {
  it('reads one file, plain or gzip, into slices sorted by symbol', async () => {
    await fx.write('prices.csv', PRICES);
    await fx.write('prices.csv.gz', PRICES);
    expect(sliceText(await allSlices([fx.source('prices.csv')]))).toEqual(EXPECTED);
    expect(sliceText(await allSlices([fx.source('prices.csv.gz')]))).toEqual(EXPECTED);
  });

  it('takes any column order, extra columns, CRLF, a BOM and epoch timestamps', async () => {
    const text = [
      '\ufeffvolume,close,extra,low,high,open,symbol,ts',
      '100,10.5,x,9,11,10,AAA,1609718400',
      '200,20.5,y,19,21,20,BBB,1609718400000',
      '150,11,z,10,12,10.5,AAA,1609804800',
      '250,21,,20,22,20.5,BBB,1609804800',
      '0,11.25,,10.5,11.5,11,AAA,2021-01-06T00:00:00Z',
    ].join('\r\n');
    await fx.write('reordered.csv', text);
    const got = sliceText(await allSlices([fx.source('reordered.csv')]));
    expect(got).toEqual(EXPECTED);
  });

  it('reads the S&P 500 layout: symbol from the file name, adjusted by adjusted_close', async () => {
    const header = 'timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient';
    await fx.write('sp/AAPL.csv.gz', [header, '2020-08-28,504.05,505.77,498.31,499.23,124.405824223,46907479,0.0,1.0', '2020-08-31,127.58,131.0,126.0,129.04,128.624702503,223505733,0.0,4.0'].join('\n'));
    await fx.write('sp/MSFT.csv', [header, '2020-08-31,227.0,228.7,224.31,225.53,222.1,28785874,0.0,1.0', ''].join('\n'));
    await fx.write('sp/notes.txt', 'not a csv');
    const slices = await allSlices([fx.source('sp', { columns: { ts: 'timestamp' }, adjust: 'adjusted_close' })]);
    expect(slices.map((s) => [new Date(s.tsMs).toISOString().slice(0, 10), s.bars.map((b) => b.symbol)])).toEqual([
      ['2020-08-28', ['AAPL']],
      ['2020-08-31', ['AAPL', 'MSFT']],
    ]);
    const aapl = slices[0].bars[0];
    const factor = 124.405824223 / 499.23;
    expect(aapl.close).toBe(499.23 * factor);
    expect(aapl.close).toBeCloseTo(124.405824223, 12);
    expect(aapl.open).toBe(504.05 * factor);
    expect(aapl.high).toBe(505.77 * factor);
    expect(aapl.low).toBe(498.31 * factor);
    expect(aapl.volume).toBe(46907479);
    // Without adjust, the raw prices.
    const raw = await allSlices([fx.source('sp', { columns: { ts: 'timestamp' } })]);
    expect(raw[0].bars[0].close).toBe(499.23);
  });

  it('reads the crypto bar layout: open-time stamps moved to the close, symbol from a pattern', async () => {
    const header = 'open_time_utc,open,high,low,close,volume';
    await fx.write('bars/binance-perp-1h-BTC-USDT.csv.gz', [header, '2020-01-01 00:00:00,7189.43,7190.52,7170.15,7171.55,2449.049', '2020-01-01 01:00:00,7171.43,7225.0,7171.1,7210.24,3865.038'].join('\n'));
    await fx.write('bars/binance-perp-1h-ETH-USDT.csv', [header, '2020-01-01 01:00:00,129.5,130.1,129.0,130.0,1000.5'].join('\n'));
    const source = fx.source('bars', {
      columns: { ts: 'open_time_utc' },
      tsLabel: 'open',
      barMinutes: 60,
      symbolPattern: '^binance-perp-1h-(.+?)\\.csv(?:\\.gz)?$',
    });
    const slices = await allSlices([source]);
    expect(slices.map((s) => [s.tsMs, s.bars.map((b) => b.symbol)])).toEqual([
      [Date.UTC(2020, 0, 1, 1), ['BTC-USDT']],
      [Date.UTC(2020, 0, 1, 2), ['BTC-USDT', 'ETH-USDT']],
    ]);
    expect(slices[0].bars[0]).toEqual({ tsMs: Date.UTC(2020, 0, 1, 1), symbol: 'BTC-USDT', open: 7189.43, high: 7190.52, low: 7170.15, close: 7171.55, volume: 2449.049 });
  });

  it('maps several columns to one (close-only data)', async () => {
    await fx.write('close-only.csv', 'ts,symbol,price,volume\n1,X,10.5,3\n2,X,11,4\n');
    const price = 'price';
    const slices = await allSlices([fx.source('close-only.csv', { columns: { open: price, high: price, low: price, close: price } })]);
    expect(sliceText(slices)).toEqual(['1970-01-01T00:00:01.000Z X:10.5/10.5/10.5/10.5/3', '1970-01-01T00:00:02.000Z X:11/11/11/11/4']);
  });

  it('follows symbolic links in a folder', async () => {
    const target = await fx.write('linked-target/X.csv', 'ts,open,high,low,close,volume\n1,1,1,1,1,1\n');
    await mkdir(path.join(fx.dir, 'linked'), { recursive: true });
    await symlink(target, path.join(fx.dir, 'linked', 'Y.csv'));
    const slices = await allSlices([fx.source('linked')]);
    expect(slices[0].bars[0].symbol).toBe('Y');
  });

  it('merges files and sources by time, each slice in symbol order', async () => {
    await fx.write('merge/c.csv', 'ts,symbol,open,high,low,close,volume\n1,C,1,1,1,1,1\n3,C,1,1,1,1,1\n3,A,2,2,2,2,2\n');
    await fx.write('merge/b.csv.gz', 'ts,symbol,open,high,low,close,volume\n2,B,1,1,1,1,1\n3,B,1,1,1,1,1\n5,B,1,1,1,1,1\n');
    await fx.write('other.csv', 'symbol,ts,open,high,low,close,volume\nD,3,1,1,1,1,1\nD,4,1,1,1,1,1\n');
    const slices = await allSlices([fx.source('merge'), fx.source('other.csv')]);
    expect(slices.map((s) => [s.tsMs / 1000, s.bars.map((b) => b.symbol).join('')])).toEqual([
      [1, 'C'],
      [2, 'B'],
      [3, 'ABCD'],
      [4, 'D'],
      [5, 'B'],
    ]);
  });

  it('rounds timestamps when asked (Binance rows a few ms after the hour)', async () => {
    await fx.write('rounded.csv', 'ts,symbol,open,high,low,close,volume\n2020-01-01 03:00:00.002,X,1,1,1,1,1\n2020-01-01 03:59:59.990,X,1,1,1,1,1\n');
    const slices = await allSlices([fx.source('rounded.csv', { roundTsMinutes: 60, utcOffset: '+03:00' })]);
    expect(slices.map((s) => s.tsMs)).toEqual([Date.UTC(2020, 0, 1, 0), Date.UTC(2020, 0, 1, 1)]);
  });
});

describe('readPrices: the fast path and the csv-parse path agree', () => {
  it('on the same content with and without quotes', async () => {
    await fx.write('plain.csv', PRICES);
    const quoted = PRICES.split('\n')
      .map((line) => (line === '' ? line : line.split(',').map((cell, i) => (i % 2 === 0 ? `"${cell}"` : cell)).join(',')))
      .join('\n');
    expect(quoted).toContain('"ts"');
    await fx.write('quoted.csv', quoted);
    const plain = await allSlices([fx.source('plain.csv')]);
    expect(await allSlices([fx.source('quoted.csv')])).toEqual(plain);
  });

  it('when quotes appear mid-file, and quoted cells hold commas and line breaks', async () => {
    csvScanTuning.chunkBytes = 256;
    const plainText = bigPrices(60, 5);
    await fx.write('mid-plain.csv', plainText);
    const lines = plainText.split('\n');
    lines[200] = lines[200].replace(/,S(\d),/, ',"S$1",');
    await fx.write('mid-quoted.csv', lines.join('\n'));
    const withNotes = bigPrices(60, 5, '"a, b\nc"');
    await fx.write('mid-notes.csv', withNotes);
    const plain = await allSlices([fx.source('mid-plain.csv')]);
    expect(plain).toHaveLength(60);
    expect(await allSlices([fx.source('mid-quoted.csv')])).toEqual(plain);
    expect(await allSlices([fx.source('mid-notes.csv')])).toEqual(plain);
  });

  it('whatever the chunk size', async () => {
    const text = bigPrices(40, 7);
    await fx.write('chunks.csv', text);
    await fx.write('chunks.csv.gz', text);
    const reference = await allSlices([fx.source('chunks.csv')]);
    for (const size of [64, 100, 333, 4096]) {
      csvScanTuning.chunkBytes = size;
      expect(await allSlices([fx.source('chunks.csv')]), `chunk ${size}`).toEqual(reference);
      expect(await allSlices([fx.source('chunks.csv.gz')]), `gzip chunk ${size}`).toEqual(reference);
    }
  });
});

describe('readPrices: streaming', () => {
  it.each(READ_PATHS)('yields earlier slices, then throws every issue of the file before any slice at or after the first ($name)', (way) =>
    readingOn(way, async () => {
    csvScanTuning.chunkBytes = 256;
    const lines = bigPrices(200, 2).split('\n');
    // Line n (1-based) is lines[n - 1], at time index (n - 2) >> 1.
    lines[301] = lines[301].replace(/,(S\d),[^,]+,/, ',$1,abc,');
    lines[381] = lines[381].replace(/,S\d,/, ',,');
    await fx.write('late-error.csv', lines.join('\n'));
    const badTsMs = (1_600_000_000 + 150 * 3600) * 1000;
    const seen: number[] = [];
    const error = await inputErrorOf(
      (async () => {
        for await (const slice of readPrices([fx.source('late-error.csv')])) seen.push(slice.tsMs);
      })(),
    );
    expect(error.message).toContain('late-error.csv:302:');
    expect(error.message).toContain('open: expected a finite number, was "abc"');
    expect(error.message).toContain('late-error.csv:382:');
    expect(error.message).toContain('symbol: expected a symbol, was empty');
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThan(badTsMs);
  }));

  it.each(READ_PATHS)('stops reading when the consumer stops ($name)', (way) =>
    readingOn(way, async () => {
      await fx.write('early-stop.csv', bigPrices(50, 3));
      let n = 0;
      for await (const _ of readPrices([fx.source('early-stop.csv')])) if (++n === 3) break;
      expect(n).toBe(3);
    }),
  );
});

describe('validatePrices', () => {
  it('returns rows, symbols and the time span', async () => {
    await fx.write('v/a.csv', PRICES);
    await fx.write('v/b.csv', 'ts,symbol,open,high,low,close,volume\n2021-01-07,CCC,1,1,1,1,1\n');
    const summary = await validatePrices([fx.source('v')]);
    expect(summary).toEqual({ rows: 6, symbols: ['AAA', 'BBB', 'CCC'], firstTsMs: Date.UTC(2021, 0, 4), lastTsMs: Date.UTC(2021, 0, 7) });
  });

  it('finds a bar given by two files', async () => {
    await fx.write('dup/a.csv', PRICES);
    await fx.write('dup/b.csv', 'ts,symbol,open,high,low,close,volume\n2021-01-03,BBB,1,1,1,1,1\n2021-01-05,BBB,1,1,1,1,1\n');
    const error = await inputErrorOf(validatePrices([fx.source('dup')]));
    expect(error.message).toContain('dup/b.csv:3: symbol: duplicate bar for BBB at 2021-01-05T00:00:00Z: dup/a.csv line 5 has one too');
    const streamed = await inputErrorOf(allSlices([fx.source('dup')]));
    expect(streamed.message).toBe(error.message);
  });

  it('tells interleaved files of one symbol from duplicated bars', async () => {
    const h = 'ts,symbol,open,high,low,close,volume\n';
    await fx.write('inter/x.csv', `${h}1,S,1,1,1,1,1\n3,S,1,1,1,1,1\n5,S,1,1,1,1,1\n`);
    await fx.write('inter/y.csv', `${h}2,S,1,1,1,1,1\n4,S,1,1,1,1,1\n`);
    await fx.write('inter/z.csv', `${h}0,S,1,1,1,1,1\n10,S,1,1,1,1,1\n`);
    expect((await validatePrices([fx.source('inter')])).rows).toBe(7);
    await fx.write('inter/w.csv', `${h}3,S,1,1,1,1,1\n`);
    const error = await inputErrorOf(validatePrices([fx.source('inter')]));
    expect(error.message).toBe('inter/x.csv:3: symbol: duplicate bar for S at 1970-01-01T00:00:03Z: inter/w.csv line 2 has one too');
  });

  it('reports the problems of every file at once', async () => {
    await fx.write('many/a.csv', 'ts,symbol,open,high,low,close,volume\n2021-01-04,AAA,x,1,1,1,1\n');
    await fx.write('many/b.csv', 'ts,symbol,open,high,low,close\n2021-01-04,AAA,1,1,1,1\n');
    const error = await inputErrorOf(validatePrices([fx.source('many')]));
    expect(error.issues.map((i) => `${i.file}:${i.line}:${i.field}`)).toEqual(['many/a.csv:2:open', 'many/b.csv:1:volume']);
  });
});

describe('readPrices: fused fast path = reference checks (property)', () => {
  // Cells that are sometimes fine, sometimes not, in the many spellings a number can take.
  const numberCell = fc.oneof(
    fc.integer({ min: 0, max: 10_000 }).map(String),
    fc.double({ min: 0.0001, max: 1e6, noNaN: true }).map(String),
    fc.constantFrom('1', '1.0', '01.50', '.5', '5.', '+2', '-0', '-3', '1e2', '2.5E-1', '0', '', 'x', ' 1', '9007199254740993', '0.000658153991747989'),
  );
  const tsCell = fc.oneof(
    fc.integer({ min: 0, max: 5 }).map((d) => `2021-01-0${d + 1}`),
    fc.integer({ min: 0, max: 5 }).map((d) => String(1_609_459_200 + d * 86_400)),
    fc.constantFrom('2021-01-03T00:00:00Z', '2021-01-02 00:00:00', 'bad', ''),
  );
  const anyRow = fc.tuple(tsCell, fc.constantFrom('AAA', 'BBB', 'CCC', ''), numberCell, numberCell, numberCell, numberCell, numberCell);
  // Good bars in varied spellings, so that whole files pass too.
  const goodRow = fc.tuple(
    fc.integer({ min: 0, max: 5 }).map((d) => String(1_609_459_200 + d * 86_400)),
    fc.constantFrom('AAA', 'BBB', 'CCC'),
    fc.constantFrom('10', '10.00', '1e1', '+10', '010'),
    fc.constantFrom('11', '11.0', '11.', '1.1E1', '11.000000000000000000001'),
    fc.constantFrom('9', '9.0', '09', '0.9e1', '8.99999999999999999999'),
    fc.constantFrom('10.5', '10.50', '1.05e1', '10.499999999999999999'),
    fc.constantFrom('0', '-0', '100', '1e3', '12345678901234567890'),
  );
  const row = fc.oneof(anyRow, goodRow);

  async function outcome(name: string, text: string): Promise<unknown> {
    await fx.write(name, text);
    try {
      return sliceText(await slicesInLine([fx.source(name)]));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // Columns differ by the quote characters; everything else must match.
      return e.issues.map((i) => `${i.line} ${i.field} ${i.message}`);
    }
  }

  it('plain and quoted copies of random files read the same', async () => {
    let k = 0;
    let passed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), fc.boolean(), async (rows, sortByTime) => {
        k++;
        if (sortByTime) rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        const header = 'ts,symbol,open,high,low,close,volume';
        const plain = [header, ...rows.map((r) => r.join(','))].join('\n');
        const quoted = [header, ...rows.map((r) => r.map((c) => `"${c}"`).join(','))].join('\n');
        const expected = await outcome(`prop-${k}-p.csv`, plain);
        expect(await outcome(`prop-${k}-q.csv`, quoted)).toEqual(expected);
        if ((expected as string[])[0]?.startsWith('2021-')) passed++;
      }),
      { numRuns: 300 },
    );
    expect(passed).toBeGreaterThan(10);
  });
});
