// A sweep worker's memo of the last price history it replayed, so its later points skip reading the same files.

import type { BarSlice } from '../sim/types.js';

/** Bars kept at most (about 100 MB of slices); a longer history is read again for every point. */
export const MAX_REMEMBERED_BARS = 2_000_000;

/**
 * Every point of a sweep replays the same price files; reading, checking and merging them was an eighth of a
 * point's time. The memo keeps the slices of the last read that ran to the end, under a key naming the files'
 * contents (their sha256) and how they are read. Slices are read-only, so points share them.
 */
export class PriceMemo {
  private key: string | null = null;
  private slices: readonly BarSlice[] = [];

  constructor(private readonly maxBars = MAX_REMEMBERED_BARS) {}

  /** The remembered slices when `key` matches; otherwise `read()`, remembered if it completes within the limit. */
  pricesFor(key: string, read: () => AsyncIterable<BarSlice>): AsyncIterable<BarSlice> | Iterable<BarSlice> {
    if (this.key === key) return this.slices;
    return this.remembering(key, read());
  }

  private async *remembering(key: string, source: AsyncIterable<BarSlice>): AsyncGenerator<BarSlice> {
    let kept: BarSlice[] | null = [];
    let bars = 0;
    for await (const slice of source) {
      if (kept !== null) {
        bars += slice.bars.length;
        if (bars <= this.maxBars) kept.push(slice);
        else kept = null;
      }
      yield slice;
    }
    // Only a read that reached the end is a whole history (a walk-forward fold stops early).
    if (kept !== null) {
      this.key = key;
      this.slices = kept;
    }
  }
}
