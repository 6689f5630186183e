// `npm run bench`: every benchmark of the project, printing medians and ratios against targets.

import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchAllocator, benchDecisionFloor, benchOrderedFloor } from './allocatorBench.js';
import { benchCsvIngest } from './csvIngest.js';
import { fiveMinuteYear, replayInChild, wholeSp500 } from './endToEnd.js';
import { benchSweep, type SweepTiming } from './sweepBench.js';

// K = 2 is the simulator's case (one call per bar, ~50 held positions, a couple of candidates).
const ALLOCATOR_TARGETS_MICROS: Record<number, number> = { 2: 15, 50: 15, 200: 15, 1000: 60, 5000: 300 };
const PYTHON_SEED_MICROS: Record<number, number> = { 200: 1300, 1000: 2800, 5000: 12000 };

function fmt(x: number, digits = 1): string {
  return x.toFixed(digits).padStart(9);
}

function runAllocatorBench(): void {
  const counts = [2, 50, 200, 1000, 5000];
  console.log('allocate(): 50 open positions + K candidates, direction penalty on, every decision built');
  console.log('  floor: no auction, only checking the inputs and building one Decision per contender (the plan format\'s own cost)');
  console.log('  ordered floor: the floor, with the decisions in id order and each symbol normalised once (both required by allocator.md §2)');
  console.log('        K   median µs      p10 µs      p90 µs    target µs   median/target  vs seed Python   floor µs  floor/target  ordered floor µs  /target');
  const floors = benchDecisionFloor(counts);
  const orderedFloors = benchOrderedFloor(counts);
  benchAllocator(counts).forEach((row, i) => {
    const target = ALLOCATOR_TARGETS_MICROS[row.candidates]!;
    const python = PYTHON_SEED_MICROS[row.candidates];
    const speedup = python === undefined ? '          -' : `${fmt(python / row.medianMicros, 0)}× faster`;
    const floor = floors[i]!.medianMicros;
    const ordered = orderedFloors[i]!.medianMicros;
    console.log(
      `${String(row.candidates).padStart(9)} ${fmt(row.medianMicros)}   ${fmt(row.p10Micros)}   ${fmt(row.p90Micros)}    ${fmt(target, 0)}   ${fmt(row.medianMicros / target, 2)}  ${speedup}  ${fmt(floor)}  ${fmt(floor / target, 2)}  ${fmt(ordered)}         ${fmt(ordered / target, 2)}`,
    );
  });
}

/** Generated inputs are kept here between runs (they take a while to write). */
const WORK_DIR = process.env.BENCH_DIR ?? path.join(tmpdir(), 'auction-bench');

async function runCsvBench(): Promise<void> {
  const dir = path.join(WORK_DIR, 'csv');
  mkdirSync(dir, { recursive: true });
  const r = await benchCsvIngest({ rows: 10_000_000, dir });
  console.log('\nCSV ingest: a generated 10-million-row prices file (100 symbols, plain text), readPrices, median of 3');
  console.log(`  ${(r.rowsPerSec / 1e6).toFixed(2)} M rows/s  (${r.mbPerSec.toFixed(0)} MB/s, median ${r.medianSeconds.toFixed(2)} s)  target ≥ 2 M rows/s: ratio ${(r.rowsPerSec / 2e6).toFixed(2)}`);
  console.log(`  csv-parse with cast alone: ${(r.csvParseRowsPerSec / 1e6).toFixed(2)} M rows/s; readPrices is ${r.speedupOverCsvParse.toFixed(1)}× faster`);
}

function runFiveMinuteBench(): void {
  const scenario = fiveMinuteYear(path.join(WORK_DIR, 'five-minute-year'));
  console.log('\nEnd to end: a year of 5-minute bars, 100 symbols (105 120 cycles, 10.5 M bars), ~2 signals a cycle, 50 slots');
  for (const decisions of [true, false]) {
    const r = replayInChild(scenario, path.join(WORK_DIR, 'five-minute-out'), decisions);
    console.log(
      `  decisions ${decisions ? 'on ' : 'off'}: ${r.seconds.toFixed(1)} s (target ≤ 15 s: ratio ${(r.seconds / 15).toFixed(2)}), ` +
        `peak ${r.maxRssMb.toFixed(0)} MB (target ≤ 600 MB: ratio ${(r.maxRssMb / 600).toFixed(2)}), ${r.cycles} cycles`,
    );
  }
}

async function runSp500Bench(): Promise<void> {
  const shared = process.env.SP500_DIR ?? path.resolve('../shared/data/real/sp500-daily');
  if (!existsSync(shared)) {
    console.log(`\nWhole S&P 500 history: skipped, ${shared} not found (set SP500_DIR)`);
    return;
  }
  const { scenario, signalSeconds } = await wholeSp500(shared, path.join(WORK_DIR, 'sp500-all'));
  const r = replayInChild(scenario, path.join(WORK_DIR, 'sp500-all-out'), true);
  console.log('\nEnd to end: the whole shared S&P 500 history (504 tickers, 2.4 M daily bars, 1999-2021)');
  console.log(`  signals by the example rule: ${signalSeconds.toFixed(1)} s; replay: ${r.seconds.toFixed(1)} s, peak ${r.maxRssMb.toFixed(0)} MB, ${r.cycles} cycles`);
}

async function runSweepBench(): Promise<void> {
  const rounds = Number(process.env.SWEEP_BENCH_ROUNDS ?? 3);
  const r = await benchSweep(path.join(WORK_DIR, 'sweep'), rounds);
  const runs = (ts: readonly SweepTiming[]) =>
    ts.map((t) => `${t.wallSeconds.toFixed(1)} s (${(t.cpuSeconds / t.wallSeconds).toFixed(2)} cores)`).join(', ');
  console.log(`\nSweep: 16 points of the default scenario (swap_threshold × fee_bps), ${rounds} alternating rounds`);
  console.log(`  1 worker:  ${runs(r.oneWorker)}`);
  console.log(`  2 workers: ${runs(r.twoWorkers)}`);
  console.log('  (cores = CPU time of every thread / wall time; one worker also keeps the engine\'s compiler and GC threads busy)');
  console.log(`  medians: 1 worker ${r.oneWorkerSeconds.toFixed(1)} s, 2 workers ${r.twoWorkerSeconds.toFixed(1)} s; speed-up ${r.speedup.toFixed(2)}× (target ≥ 1.7×: ratio ${(r.speedup / 1.7).toFixed(2)})`);
}

const BENCHES: Record<string, () => void | Promise<void>> = {
  allocator: runAllocatorBench,
  csv: runCsvBench,
  'five-minute': runFiveMinuteBench,
  sp500: runSp500Bench,
  sweep: runSweepBench,
};

const only = process.argv.slice(2);
for (const name of only.length > 0 ? only : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  if (bench === undefined) {
    console.error(`unknown benchmark ${name}; choose from ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  await bench();
}
