// Benchmark of allocate(): 50 open positions plus K candidates, seeded inputs in rotation, median µs per call.

import seedrandom from 'seedrandom';
import { AuctionAllocator } from '../allocator/allocator.js';
import type { CandidateSignal, OpenPositionMetadata, PortfolioState } from '../allocator/types.js';

export interface AllocatorBenchRow {
  readonly candidates: number;
  readonly medianMicros: number;
  readonly p90Micros: number;
  /** The fastest tenth: what a call costs when the machine is not busy with something else. */
  readonly p10Micros: number;
  readonly calls: number;
}

const SYMBOLS = 400;
const CLUSTERS = ['calm_breakout', 'calm_pullback', 'normal_breakout', 'normal_pullback', 'wild_breakout', 'wild_pullback'];

interface BenchInput {
  readonly opens: OpenPositionMetadata[];
  readonly candidates: CandidateSignal[];
  readonly state: PortfolioState;
}

function makeInput(seed: string, openCount: number, candidateCount: number): BenchInput {
  const rng = seedrandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const opens: OpenPositionMetadata[] = [];
  for (let i = 0; i < openCount; i++) {
    opens.push({
      id: `open-${i}`,
      symbol: `S${i}`,
      direction: rng() < 0.6 ? 'long' : 'short',
      cluster: pick(CLUSTERS),
      entryScore: 40 + rng() * 50,
      currentPnlR: rng() * 4 - 1.5,
      marginUsed: 1000 + rng() * 1000,
      ageMinutes: rng() * 5000,
      isProtectiveOrdersLive: rng() > 0.05,
    });
  }
  const candidates: CandidateSignal[] = [];
  for (let i = 0; i < candidateCount; i++) {
    candidates.push({
      id: `cand-${i.toString(36)}-${Math.floor(rng() * 1e6)}`,
      symbol: `S${Math.floor(rng() * SYMBOLS)}`,
      direction: rng() < 0.5 ? 'long' : 'short',
      cluster: pick(CLUSTERS),
      score: 30 + rng() * 70,
      requiredMargin: 1000 + rng() * 1000,
      riskR: 100,
    });
  }
  return { opens, candidates, state: { availableMargin: 40_000, accountEquity: 140_000, nowMs: 1_700_000_000_000 } };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Times allocate() on `inputs` different seeded portfolios in rotation, after a warm-up. */
export function benchAllocator(candidateCounts: readonly number[], inputsPerSize = 8): AllocatorBenchRow[] {
  const allocator = new AuctionAllocator({ directionConcentrationPenalty: 10, clusterConcentrationPenalty: 2 });
  const rows: AllocatorBenchRow[] = [];
  for (const k of candidateCounts) {
    const inputs = Array.from({ length: inputsPerSize }, (_, i) => makeInput(`bench-${k}-${i}`, 50, k));
    const calls = Math.max(200, Math.min(20_000, Math.floor(4_000_000 / (k + 50))));
    let sink = 0;
    for (let i = 0; i < Math.min(calls, 500); i++) {
      const input = inputs[i % inputs.length]!;
      sink += allocator.allocate(input.opens, input.candidates, input.state).decisions.length;
    }
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const input = inputs[i % inputs.length]!;
      const t0 = performance.now();
      const plan = allocator.allocate(input.opens, input.candidates, input.state);
      const t1 = performance.now();
      sink += plan.decisions.length;
      samples.push((t1 - t0) * 1000);
    }
    if (sink === 0) throw new Error('benchmark produced no decisions');
    samples.sort((a, b) => a - b);
    rows.push({
      candidates: k,
      medianMicros: quantile(samples, 0.5),
      p90Micros: quantile(samples, 0.9),
      p10Micros: quantile(samples, 0.1),
      calls,
    });
  }
  return rows;
}
