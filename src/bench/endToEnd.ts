// End-to-end benchmarks: a replay (read + replay + write) in a child process, timed, with its peak memory.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readPrices } from '../io/csv.js';
import { writeSignalsFile } from '../io/signalsFile.js';
import { SignalRule } from '../sim/signalRule.js';
import type { SignalRow } from '../sim/types.js';
import { writeSyntheticHistory } from './syntheticHistory.js';

export interface EndToEndResult {
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly cycles: number;
}

/** Runs one replay in a fresh Node process, so its peak memory is its own. */
export function replayInChild(scenarioPath: string, outDir: string, decisions: boolean): EndToEndResult {
  const child = fileURLToPath(new URL('./replayChild.js', import.meta.url));
  rmSync(outDir, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [child, scenarioPath, outDir, decisions ? 'yes' : 'no'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`replay of ${scenarioPath} failed:\n${run.stderr}`);
  const last = run.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as EndToEndResult;
}

/** A year of 5-minute bars for 100 symbols (105 120 cycles), about 2 signals a cycle, 50 slots. */
export function fiveMinuteYear(dir: string): string {
  const scenario = path.join(dir, 'scenario.yaml');
  try {
    if (readdirSync(dir).includes('signals.csv')) return scenario;
  } catch {
    // not generated yet
  }
  return writeSyntheticHistory({ dir, symbols: 100, bars: 105_120, barMinutes: 5, signalsPerBar: 2, maxPositions: 50, seed: 'five-minute-year' });
}

/** The whole shared S&P 500 history with signals from the example rule; returns the scenario's path. */
export async function wholeSp500(sharedFolder: string, dir: string): Promise<{ scenario: string; signalSeconds: number }> {
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const rule = new SignalRule();
  const signals: SignalRow[] = [];
  const source = { path: sharedFolder, displayPath: sharedFolder, columns: { ts: 'timestamp' }, adjust: 'adjusted_close' as const };
  for await (const slice of readPrices([source])) {
    for (const bar of slice.bars) {
      const s = rule.onBar(bar);
      if (s !== null) signals.push(s);
    }
  }
  writeSignalsFile(path.join(dir, 'signals.csv.gz'), signals, 'bench');
  const signalSeconds = (performance.now() - t0) / 1000;
  const scenario = path.join(dir, 'scenario.yaml');
  writeFileSync(
    scenario,
    [
      'name: sp500-all',
      'seed: 1',
      'risk:',
      '  auction_max_positions: 50',
      '  auction_max_per_cluster: 15',
      '  auction_min_hold_minutes: 1440',
      'sim:',
      '  initial_equity: 1000000',
      '  max_position_pct: 1.8',
      '  fee_bps: 1',
      'data:',
      '  prices:',
      `    path: ${JSON.stringify(sharedFolder)}`,
      '    columns: { ts: timestamp }',
      '    adjust: adjusted_close',
      '  signals: signals.csv.gz',
      '',
    ].join('\n'),
  );
  return { scenario, signalSeconds };
}
