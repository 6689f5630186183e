import { describe, expect, it } from 'vitest';
import { PriceMemo } from '../../src/cli/priceMemo.js';
import type { BarSlice } from '../../src/sim/types.js';

function history(days: number, symbols = 2): BarSlice[] {
  return Array.from({ length: days }, (_, d) => ({
    tsMs: d * 86_400_000,
    bars: Array.from({ length: symbols }, (_, s) => ({ tsMs: d * 86_400_000, symbol: `S${s}`, open: 10 + d, high: 11 + d, low: 9 + d, close: 10.5 + d, volume: 100 })),
  }));
}

/** A reader that counts how often the files were read. */
function counting(slices: readonly BarSlice[]): { read: () => AsyncIterable<BarSlice>; reads: () => number } {
  let reads = 0;
  return {
    read: () => {
      reads++;
      return (async function* () {
        yield* slices;
      })();
    },
    reads: () => reads,
  };
}

async function collect(source: AsyncIterable<BarSlice> | Iterable<BarSlice>, stopAfter = Infinity): Promise<BarSlice[]> {
  const out: BarSlice[] = [];
  for await (const slice of source) {
    if (out.length >= stopAfter) break;
    out.push(slice);
  }
  return out;
}

describe('PriceMemo', () => {
  it('serves the same slices from memory after one complete read under the same key', async () => {
    const data = history(5);
    const files = counting(data);
    const memo = new PriceMemo();
    expect(await collect(memo.pricesFor('k', files.read))).toEqual(data);
    expect(await collect(memo.pricesFor('k', files.read))).toEqual(data);
    expect(files.reads()).toBe(1);
  });

  it('reads again for another key, and remembers that one instead', async () => {
    const files = counting(history(3));
    const memo = new PriceMemo();
    await collect(memo.pricesFor('a', files.read));
    await collect(memo.pricesFor('b', files.read));
    await collect(memo.pricesFor('b', files.read));
    expect(files.reads()).toBe(2);
  });

  it('remembers nothing from a read that stopped early (a fold ending before the data does)', async () => {
    const data = history(6);
    const files = counting(data);
    const memo = new PriceMemo();
    expect(await collect(memo.pricesFor('k', files.read), 2)).toHaveLength(2);
    expect(await collect(memo.pricesFor('k', files.read))).toEqual(data);
    expect(files.reads()).toBe(2);
  });

  it('remembers nothing past its bar limit', async () => {
    const files = counting(history(6, 2));
    const memo = new PriceMemo(11);
    await collect(memo.pricesFor('k', files.read));
    await collect(memo.pricesFor('k', files.read));
    expect(files.reads()).toBe(2);
    const small = counting(history(5, 2));
    const roomy = new PriceMemo(10);
    await collect(roomy.pricesFor('k', small.read));
    await collect(roomy.pricesFor('k', small.read));
    expect(small.reads()).toBe(1);
  });
});
