// The tape: what the replay knows of the market up to the current cycle, and nothing after it.

import type { Bar, BarSlice, SignalRow } from './types.js';

/** A fixed-size window of a symbol's closes, oldest overwritten first. */
class CloseWindow {
  private readonly closes: Float64Array;
  private next = 0;
  private count = 0;

  constructor(size: number) {
    this.closes = new Float64Array(size);
  }

  push(close: number): void {
    this.closes[this.next] = close;
    this.next = (this.next + 1) % this.closes.length;
    if (this.count < this.closes.length) this.count += 1;
  }

  get length(): number {
    return this.count;
  }

  /** The close `back` bars before the latest (0 = latest). */
  ago(back: number): number {
    const n = this.closes.length;
    return this.closes[(this.next - 1 - back + 2 * n) % n]!;
  }
}

/** What the tape keeps of one symbol: its latest bar, the slice time it came in, and its closes. */
class SymbolTrack {
  constructor(
    public lastBar: Bar,
    public lastSliceTsMs: number,
    readonly window: CloseWindow,
  ) {}
}

export class Tape {
  /** One entry per symbol seen: a slice costs one lookup per bar, and no map of its own. */
  private readonly tracks = new Map<string, SymbolTrack>();
  private currentTsMs = Number.NEGATIVE_INFINITY;
  private signalCursor = 0;

  constructor(
    private readonly signals: readonly SignalRow[],
    /** Closes kept per symbol: enough for the trend window and the correlation window. */
    private readonly windowBars: number,
  ) {}

  /** Moves the tape to a new slice; earlier slices stay only as last bars and close windows. */
  advance(slice: BarSlice): void {
    const tsMs = slice.tsMs;
    for (const bar of slice.bars) {
      const track = this.tracks.get(bar.symbol);
      if (track === undefined) {
        const window = new CloseWindow(this.windowBars + 1);
        window.push(bar.close);
        this.tracks.set(bar.symbol, new SymbolTrack(bar, tsMs, window));
      } else {
        track.lastBar = bar;
        track.lastSliceTsMs = tsMs;
        track.window.push(bar.close);
      }
    }
    this.currentTsMs = tsMs;
  }

  /** Every symbol seen so far, in code-unit order. */
  symbols(): string[] {
    return [...this.tracks.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  get tsMs(): number {
    return this.currentTsMs;
  }

  /** The bar of `symbol` that ends at the current cycle, if it traded. */
  barNow(symbol: string): Bar | undefined {
    const track = this.tracks.get(symbol);
    return track !== undefined && track.lastSliceTsMs === this.currentTsMs ? track.lastBar : undefined;
  }

  /** The latest bar of `symbol` up to now. */
  lastBar(symbol: string): Bar | undefined {
    return this.tracks.get(symbol)?.lastBar;
  }

  /** The latest close of `symbol` up to now. */
  lastClose(symbol: string): number | undefined {
    return this.tracks.get(symbol)?.lastBar.close;
  }

  /** Signals stamped exactly now, and how many earlier ones were passed over (stamped at no bar time). */
  takeSignals(): { readonly now: SignalRow[]; readonly skipped: number } {
    const now: SignalRow[] = [];
    let skipped = 0;
    while (this.signalCursor < this.signals.length && this.signals[this.signalCursor]!.tsMs <= this.currentTsMs) {
      const signal = this.signals[this.signalCursor]!;
      if (signal.tsMs === this.currentTsMs && this.barNow(signal.symbol) !== undefined) now.push(signal);
      else skipped += 1;
      this.signalCursor += 1;
    }
    return { now, skipped };
  }

  /** Signals never reached because the prices ended first. */
  signalsLeft(): number {
    return this.signals.length - this.signalCursor;
  }

  /** Fractional price move over the last `bars` bars, or undefined while the window is short. */
  moveOver(symbol: string, bars: number): number | undefined {
    const window = this.tracks.get(symbol)?.window;
    if (window === undefined || window.length <= bars) return undefined;
    const then = window.ago(bars);
    return then > 0 ? (window.ago(0) - then) / then : undefined;
  }

  /** Pearson correlation of the two symbols' last `bars` bar returns; 0 when either window is short or flat. */
  correlation(a: string, b: string, bars: number): number {
    if (a === b) return 1;
    const wa = this.tracks.get(a)?.window;
    const wb = this.tracks.get(b)?.window;
    if (wa === undefined || wb === undefined) return 0;
    const n = Math.min(bars, wa.length - 1, wb.length - 1);
    if (n < 2) return 0;
    let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (let i = 0; i < n; i++) {
      const ra = wa.ago(i) / wa.ago(i + 1) - 1;
      const rb = wb.ago(i) / wb.ago(i + 1) - 1;
      sa += ra; sb += rb; saa += ra * ra; sbb += rb * rb; sab += ra * rb;
    }
    const cov = sab - (sa * sb) / n;
    const va = saa - (sa * sa) / n;
    const vb = sbb - (sb * sb) / n;
    if (!(va > 0 && vb > 0)) return 0;
    return Math.max(-1, Math.min(1, cov / Math.sqrt(va * vb)));
  }
}
