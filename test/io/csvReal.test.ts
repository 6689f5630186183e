// Reads real shared data files: AAPL daily bars raw and adjusted, and a Binance funding file.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFunding, readPrices, validatePrices, type CsvSource } from '../../src/io/csv.js';
import type { Bar } from '../../src/sim/types.js';

const REAL = '/work/shared/data/real';
const AAPL = `${REAL}/sp500-daily/AAPL.csv.gz`;
const FUNDING = `${REAL}/crypto-perps/funding/binance-BTC-USDT.csv.gz`;

async function barsOf(source: CsvSource): Promise<Bar[]> {
  const bars: Bar[] = [];
  for await (const slice of readPrices([source])) bars.push(...slice.bars);
  return bars;
}

describe.skipIf(!existsSync(AAPL))('real data', () => {
  const aapl: CsvSource = { path: AAPL, displayPath: 'sp500-daily/AAPL.csv.gz', columns: { ts: 'timestamp' } };

  it('reads AAPL raw: every row, the close before the 4:1 split', async () => {
    const bars = await barsOf(aapl);
    expect(bars).toHaveLength(5402);
    expect(bars.every((b) => b.symbol === 'AAPL')).toBe(true);
    const before = bars.find((b) => b.tsMs === Date.UTC(2020, 7, 28))!;
    expect(before).toEqual({ tsMs: Date.UTC(2020, 7, 28), symbol: 'AAPL', open: 504.05, high: 505.77, low: 498.31, close: 499.23, volume: 46907479 });
    expect(bars.find((b) => b.tsMs === Date.UTC(2020, 7, 31))!.close).toBe(129.04);
  });

  it('reads AAPL adjusted: O/H/L/C scaled by adjusted_close / close, no jump at the split', async () => {
    const bars = await barsOf({ ...aapl, adjust: 'adjusted_close' });
    expect(bars).toHaveLength(5402);
    const before = bars.find((b) => b.tsMs === Date.UTC(2020, 7, 28))!;
    const after = bars.find((b) => b.tsMs === Date.UTC(2020, 7, 31))!;
    expect(before.close).toBeCloseTo(124.405824223, 9);
    expect(before.close).not.toBe(499.23);
    expect(before.open).toBeCloseTo(504.05 * (124.405824223 / 499.23), 9);
    expect(after.close / before.close).toBeCloseTo(128.624702503 / 124.405824223, 12);
    for (const b of bars) {
      expect(b.low <= Math.min(b.open, b.close) && b.high >= Math.max(b.open, b.close), String(b.tsMs)).toBe(true);
    }
    const summary = await validatePrices([{ ...aapl, adjust: 'adjusted_close' }]);
    expect(summary).toEqual({ rows: 5402, symbols: ['AAPL'], firstTsMs: Date.UTC(1999, 10, 1), lastTsMs: Date.UTC(2021, 3, 21) });
  });

  it.skipIf(!existsSync(FUNDING))('reads Binance BTC funding on the hour, in UTC', async () => {
    const rows = await readFunding({
      path: FUNDING,
      displayPath: 'funding/binance-BTC-USDT.csv.gz',
      columns: { symbol: 'Symbol', ts: 'Date', rate: 'Funding Rate' },
      utcOffset: '+03:00',
      roundTsMinutes: 60,
    });
    expect(rows).toHaveLength(4383);
    expect(rows[0]).toEqual({ tsMs: Date.UTC(2020, 0, 1, 0), symbol: 'BTC-USDT', rate: -0.00012359 });
    expect(rows.at(-1)!.tsMs).toBe(Date.UTC(2023, 11, 31, 16));
    expect(rows.every((r) => r.tsMs % 3_600_000 === 0 && new Date(r.tsMs).getUTCHours() % 8 === 0)).toBe(true);
  });
});
