// `npm run bench`: every benchmark of the project, printing medians and ratios against targets.

import { benchAllocator } from './allocatorBench.js';

const ALLOCATOR_TARGETS_MICROS: Record<number, number> = { 50: 15, 200: 15, 1000: 60, 5000: 300 };
const PYTHON_SEED_MICROS: Record<number, number> = { 200: 1300, 1000: 2800, 5000: 12000 };

function fmt(x: number, digits = 1): string {
  return x.toFixed(digits).padStart(9);
}

function runAllocatorBench(): void {
  console.log('allocate(): 50 open positions + K candidates, direction penalty on, every decision built');
  console.log('        K   median µs      p90 µs    target µs   median/target  vs seed Python');
  for (const row of benchAllocator([50, 200, 1000, 5000])) {
    const target = ALLOCATOR_TARGETS_MICROS[row.candidates]!;
    const python = PYTHON_SEED_MICROS[row.candidates];
    const speedup = python === undefined ? '          -' : `${fmt(python / row.medianMicros, 0)}× faster`;
    console.log(
      `${String(row.candidates).padStart(9)} ${fmt(row.medianMicros)}   ${fmt(row.p90Micros)}    ${fmt(target, 0)}   ${fmt(row.medianMicros / target, 2)}  ${speedup}`,
    );
  }
}

const only = process.argv[2];
if (only === undefined || only === 'allocator') runAllocatorBench();
