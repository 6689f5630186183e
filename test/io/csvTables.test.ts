// Tests of readSignals and readFunding: layouts, sorting, optional columns, and their own strict checks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFunding, readSignals } from '../../src/io/csv.js';
import { Fixtures, inputErrorOf } from './csvHelpers.js';

const fx = new Fixtures();
beforeAll(() => fx.open());
afterAll(() => fx.close());

const SIGNAL_HEADER = 'ts,symbol,direction,score,regime,setup_type,stop_distance_pct,id,take_profit_r';

describe('readSignals', () => {
  it('reads, converts and sorts by ts then symbol, keeping file order among equals', async () => {
    await fx.write(
      'signals.csv',
      [
        SIGNAL_HEADER,
        '2021-01-04,BBB,short,0.5,trend,breakout,2.5,s1,',
        '2021-01-04,AAA,long,1.25,range,pullback,1,s2,3',
        '2021-01-04,AAA,LONG,-0.5,range,pullback,1.5,,',
        '2021-01-05T10:00:00Z,AAA,long,2,trend,breakout,4,s4,2',
        '',
      ].join('\n'),
    );
    const rows = await readSignals(fx.source('signals.csv'));
    expect(rows).toEqual([
      { tsMs: Date.UTC(2021, 0, 4), symbol: 'AAA', direction: 'long', score: 1.25, regime: 'range', setupType: 'pullback', stopDistancePct: 1, id: 's2', takeProfitR: 3 },
      { tsMs: Date.UTC(2021, 0, 4), symbol: 'AAA', direction: 'long', score: -0.5, regime: 'range', setupType: 'pullback', stopDistancePct: 1.5 },
      { tsMs: Date.UTC(2021, 0, 4), symbol: 'BBB', direction: 'short', score: 0.5, regime: 'trend', setupType: 'breakout', stopDistancePct: 2.5, id: 's1' },
      { tsMs: Date.UTC(2021, 0, 5, 10), symbol: 'AAA', direction: 'long', score: 2, regime: 'trend', setupType: 'breakout', stopDistancePct: 4, id: 's4', takeProfitR: 2 },
    ]);
  });

  it('needs only the required columns', async () => {
    await fx.write('minimal.csv.gz', 'setup_type,regime,stop_distance_pct,score,direction,symbol,ts\nb,r,1,0,short,X,1609718400\n');
    const rows = await readSignals(fx.source('minimal.csv.gz'));
    expect(rows).toEqual([{ tsMs: Date.UTC(2021, 0, 4), symbol: 'X', direction: 'short', score: 0, regime: 'r', setupType: 'b', stopDistancePct: 1 }]);
  });

  it('reports every bad cell, duplicate ids and symbols without prices', async () => {
    await fx.write(
      'bad-signals.csv',
      [
        SIGNAL_HEADER,
        '2021-01-04,AAA,buy,x,,breakout,0,s1,-1',
        '2021-01-04,ZZZ,long,1,trend,breakout,1,s1,',
      ].join('\n'),
    );
    const error = await inputErrorOf(readSignals(fx.source('bad-signals.csv'), { knownSymbols: new Set(['AAA']) }));
    expect(error.message.split('\n')).toEqual([
      'bad-signals.csv:2:16: direction: expected long or short, was "buy"',
      'bad-signals.csv:2:20: score: expected a finite number, was "x"',
      'bad-signals.csv:2:22: regime: expected a value, was empty',
      'bad-signals.csv:2:32: stop_distance_pct: expected a stop distance > 0 (in %), was "0"',
      'bad-signals.csv:2:37: take_profit_r: expected a take profit > 0 (in R), was "-1"',
      'bad-signals.csv:3:12: symbol: no prices for symbol "ZZZ"',
      'bad-signals.csv:3:40: id: duplicate id "s1" (first at bad-signals.csv line 2)',
    ]);
  });

  it('refuses two id-less signals of one time, symbol and direction, in one file or across a folder', async () => {
    const row = (ts: string, symbol: string, direction: string): string => `${ts},${symbol},${direction},1,trend,breakout,1,,`;
    await fx.write(
      'same-key.csv',
      [
        SIGNAL_HEADER,
        row('2021-01-04', 'AAA', 'long'),
        row('2021-01-04', 'AAA', 'short'),
        row('2021-01-04', 'BBB', 'long'),
        row('2021-01-04', 'AAA', 'long'),
        row('2021-01-05', 'AAA', 'long'),
      ].join('\n'),
    );
    const inFile = await inputErrorOf(readSignals(fx.source('same-key.csv')));
    expect(inFile.message).toBe(
      'same-key.csv:5:16: direction: duplicate long signal for "AAA" at 2021-01-04T00:00:00Z (first at same-key.csv line 2); give each an id',
    );
    // Long and short of one symbol at one time, and one symbol at two times, are different signals.
    await fx.write('apart.csv', [SIGNAL_HEADER, row('2021-01-04', 'AAA', 'long'), row('2021-01-04', 'AAA', 'short'), row('2021-01-05', 'AAA', 'long')].join('\n'));
    expect(await readSignals(fx.source('apart.csv'))).toHaveLength(3);

    await fx.write('folder/a.csv', [SIGNAL_HEADER, row('2021-01-04', 'AAA', 'long'), row('2021-01-05', 'AAA', 'long')].join('\n'));
    await fx.write('folder/b.csv', [SIGNAL_HEADER, row('2021-01-03', 'BBB', 'long'), row('2021-01-05', 'AAA', 'long')].join('\n'));
    const acrossFiles = await inputErrorOf(readSignals(fx.source('folder')));
    expect(acrossFiles.message).toBe(
      'folder/b.csv:3:16: direction: duplicate long signal for "AAA" at 2021-01-05T00:00:00Z (first at folder/a.csv line 3); give each an id',
    );
  });
});

describe('readFunding', () => {
  it('reads the Binance layout: mapped columns, UTC+3 without a zone, ms jitter rounded to the hour', async () => {
    await fx.write(
      'funding/binance-BTC-USDT.csv.gz',
      ['Symbol,Date,Funding Rate', 'BTC-USDT,2020-01-01 03:00:00.000,-0.00012359', 'BTC-USDT,2020-01-01 11:00:00.002,-0.00012383', ''].join('\n'),
    );
    await fx.write('funding/binance-ETH-USDT.csv', ['Symbol,Date,Funding Rate', 'ETH-USDT,2020-01-01 03:00:00.001,0.0001'].join('\n'));
    const source = fx.source('funding', { columns: { symbol: 'Symbol', ts: 'Date', rate: 'Funding Rate' }, utcOffset: '+03:00', roundTsMinutes: 60 });
    expect(await readFunding(source)).toEqual([
      { tsMs: Date.UTC(2020, 0, 1, 0), symbol: 'BTC-USDT', rate: -0.00012359 },
      { tsMs: Date.UTC(2020, 0, 1, 0), symbol: 'ETH-USDT', rate: 0.0001 },
      { tsMs: Date.UTC(2020, 0, 1, 8), symbol: 'BTC-USDT', rate: -0.00012383 },
    ]);
  });

  it('refuses bad rates and duplicates, within a file and across the files of a folder', async () => {
    await fx.write('bad-funding/a.csv', 'ts,symbol,rate\n2020-01-01,X,0.1\n2020-01-01,X,0.2\n2020-01-02,X,nan\n');
    await fx.write('bad-funding/b.csv', 'ts,symbol,rate\n2020-01-01,Y,0.1\n');
    await fx.write('bad-funding2/a.csv', 'ts,symbol,rate\n2020-01-01,X,0.1\n');
    await fx.write('bad-funding2/b.csv', 'ts,symbol,rate\n2020-01-01,X,0.1\n');
    const within = await inputErrorOf(readFunding(fx.source('bad-funding')));
    expect(within.message.split('\n')).toEqual([
      'bad-funding/a.csv:3:12: symbol: duplicate row for X at 2020-01-01T00:00:00Z (first on line 2)',
      'bad-funding/a.csv:4:14: rate: expected a finite number, was "nan"',
    ]);
    const across = await inputErrorOf(readFunding(fx.source('bad-funding2')));
    expect(across.message).toBe('bad-funding2/b.csv:2: symbol: duplicate funding row for X at 2020-01-01T00:00:00Z: bad-funding2/a.csv line 2 has one too');
  });
});
