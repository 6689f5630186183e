// A generated market for benchmarks: seeded random-walk bars for many symbols and signals at a chosen rate.

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import seedrandom from 'seedrandom';

export interface SyntheticHistoryOptions {
  readonly dir: string;
  readonly symbols: number;
  readonly bars: number;
  readonly barMinutes: number;
  readonly signalsPerBar: number;
  readonly maxPositions: number;
  readonly seed: string;
}

/** Writes lines through a 1 MB buffer with synchronous writes: simple, and memory stays flat. */
function writeLines(file: string, header: string, produce: (write: (line: string) => void) => void): void {
  const fd = openSync(file, 'w');
  let buffer: string[] = [header];
  let size = 0;
  const flush = () => {
    writeSync(fd, buffer.join(''));
    buffer = [];
    size = 0;
  };
  produce((line) => {
    buffer.push(line);
    size += line.length;
    if (size > 1 << 20) flush();
  });
  flush();
  closeSync(fd);
}

/** Writes prices.csv, signals.csv and scenario.yaml into `dir`; returns the scenario's path. */
export function writeSyntheticHistory(o: SyntheticHistoryOptions): string {
  mkdirSync(o.dir, { recursive: true });
  const rng = seedrandom(o.seed);
  const startMs = Date.UTC(2023, 0, 2);
  const stepMs = o.barMinutes * 60_000;
  const prices = new Float64Array(o.symbols).fill(100);
  const names = Array.from({ length: o.symbols }, (_, i) => `SYM${String(i).padStart(3, '0')}`);
  const signalRows: string[] = [];
  writeLines(path.join(o.dir, 'prices.csv'), 'ts,symbol,open,high,low,close,volume\n', (write) => {
    for (let b = 0; b < o.bars; b++) {
      const ts = Math.floor((startMs + b * stepMs) / 1000);
      for (let s = 0; s < o.symbols; s++) {
        const open = prices[s]!;
        const close = Math.max(1, open * (1 + (rng() - 0.5) * 0.006));
        const high = Math.max(open, close) * (1 + rng() * 0.002);
        const low = Math.min(open, close) * (1 - rng() * 0.002);
        prices[s] = close;
        write(`${ts},${names[s]},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${Math.floor(rng() * 100000)}\n`);
      }
      let n = Math.floor(o.signalsPerBar) + (rng() < o.signalsPerBar % 1 ? 1 : 0);
      const used = new Set<number>();
      while (n-- > 0) {
        const s = Math.floor(rng() * o.symbols);
        if (used.has(s)) continue;
        used.add(s);
        const dir = rng() < 0.5 ? 'long' : 'short';
        const regime = ['calm', 'normal', 'wild'][Math.floor(rng() * 3)];
        const setup = rng() < 0.5 ? 'breakout' : 'pullback';
        signalRows.push(`${ts},${names[s]},${dir},${(40 + rng() * 60).toFixed(2)},${regime},${setup},${(0.5 + rng() * 2).toFixed(3)}\n`);
      }
    }
  });
  writeLines(path.join(o.dir, 'signals.csv'), 'ts,symbol,direction,score,regime,setup_type,stop_distance_pct\n', (write) => {
    for (const row of signalRows) write(row);
  });
  const scenario = path.join(o.dir, 'scenario.yaml');
  writeFileSync(
    scenario,
    [
      'name: synthetic',
      'seed: 1',
      'risk:',
      `  auction_max_positions: ${o.maxPositions}`,
      '  auction_max_per_cluster: 20',
      '  auction_min_hold_minutes: 30',
      'sim:',
      '  risk_per_trade_pct: 0.2',
      '  max_position_pct: 1.5',
      '  leverage: 2',
      'data:',
      '  prices: prices.csv',
      '  signals: signals.csv',
      '',
    ].join('\n'),
  );
  return scenario;
}
