// Benchmark of allocate(): 50 open positions plus K candidates, seeded inputs in rotation, median µs per call.

import seedrandom from 'seedrandom';
import { AuctionAllocator } from '../allocator/allocator.js';
import { IdSorter } from '../allocator/idOrder.js';
import type { CandidateSignal, Decision, OpenPositionMetadata, PortfolioState } from '../allocator/types.js';

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

/** Median, p10 and p90 µs of `call` over `calls` calls on `inputs` in rotation, after a warm-up. */
function timeCalls(inputs: readonly BenchInput[], calls: number, call: (input: BenchInput) => number): Omit<AllocatorBenchRow, 'candidates'> {
  let sink = 0;
  for (let i = 0; i < Math.min(calls, 500); i++) sink += call(inputs[i % inputs.length]!);
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const input = inputs[i % inputs.length]!;
    const t0 = performance.now();
    sink += call(input);
    const t1 = performance.now();
    samples.push((t1 - t0) * 1000);
  }
  if (sink === 0) throw new Error('benchmark produced no decisions');
  samples.sort((a, b) => a - b);
  return { medianMicros: quantile(samples, 0.5), p90Micros: quantile(samples, 0.9), p10Micros: quantile(samples, 0.1), calls };
}

function callsFor(k: number): number {
  return Math.max(200, Math.min(20_000, Math.floor(4_000_000 / (k + 50))));
}

/** Times allocate() on `inputs` different seeded portfolios in rotation, after a warm-up. */
export function benchAllocator(candidateCounts: readonly number[], inputsPerSize = 8): AllocatorBenchRow[] {
  const allocator = new AuctionAllocator({ directionConcentrationPenalty: 10, clusterConcentrationPenalty: 2 });
  return candidateCounts.map((k) => {
    const inputs = Array.from({ length: inputsPerSize }, (_, i) => makeInput(`bench-${k}-${i}`, 50, k));
    const timing = timeCalls(inputs, callsFor(k), (input) => allocator.allocate(input.opens, input.candidates, input.state).decisions.length);
    return { candidates: k, ...timing };
  });
}

const FLOOR_REASONS = ['winner', 'slot_cap'] as const;

/**
 * The least any allocate() must do on these inputs, with no auction at all: check each field's type and
 * finiteness and build one plain Decision (with its terms) per contender, in input order (no id sort).
 * It bounds from below what the plan format alone costs on this machine.
 */
function decisionFloor(input: BenchInput, entryCost: number): Decision[] {
  const { opens, candidates } = input;
  const out = new Array<Decision>(opens.length + candidates.length);
  let at = 0;
  for (const o of opens) {
    if (typeof o.id !== 'string' || typeof o.symbol !== 'string' || (o.direction !== 'long' && o.direction !== 'short') ||
      !Number.isFinite(o.entryScore) || !Number.isFinite(o.currentPnlR) || !Number.isFinite(o.marginUsed) || !Number.isFinite(o.ageMinutes)) {
      throw new Error(`bad open position ${o.id}`);
    }
    out[at++] = {
      kind: 'held', id: o.id, symbol: o.symbol, outcome: 'keep', reason: FLOOR_REASONS[0], value: o.entryScore, swapValue: o.entryScore,
      terms: { base: o.entryScore, pnlBonus: o.currentPnlR, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: entryCost },
    };
  }
  for (const c of candidates) {
    if (typeof c.id !== 'string' || typeof c.symbol !== 'string' || (c.direction !== 'long' && c.direction !== 'short') ||
      !Number.isFinite(c.score) || !Number.isFinite(c.requiredMargin) || !Number.isFinite(c.riskR)) {
      throw new Error(`bad candidate ${c.id}`);
    }
    out[at++] = {
      kind: 'new', id: c.id, symbol: c.symbol, outcome: 'reject', reason: FLOOR_REASONS[1], value: c.score, swapValue: c.score,
      terms: { base: c.score, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: entryCost },
    };
  }
  return out;
}

/** Median µs of decisionFloor on the same inputs as benchAllocator: the plan format's own cost. */
export function benchDecisionFloor(candidateCounts: readonly number[], inputsPerSize = 8): AllocatorBenchRow[] {
  return candidateCounts.map((k) => {
    const inputs = Array.from({ length: inputsPerSize }, (_, i) => makeInput(`bench-${k}-${i}`, 50, k));
    return { candidates: k, ...timeCalls(inputs, callsFor(k), (input) => decisionFloor(input, 2).length) };
  });
}

/**
 * decisionFloor plus two more steps that allocator.md requires of any allocate(), still with no auction: the
 * decisions in id order (§2: held before new, then id; here with the allocator's own id sorter, the fastest this
 * project has) and each symbol looked up once in a memo of its normalised form (§2: limits compare normalised
 * symbols). What is left of a target after this is all an auction, pairing and plan may take.
 */
function orderedFloor(input: BenchInput, entryCost: number, sorter: IdSorter, normalised: Map<string, string>): Decision[] {
  const { opens, candidates } = input;
  const heldCount = opens.length;
  const n = heldCount + candidates.length;
  const ids = new Array<string>(n);
  const symbols = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const item = i < heldCount ? opens[i]! : candidates[i - heldCount]!;
    if (!floorChecks(item)) throw new Error(`bad input ${item.id}`);
    ids[i] = item.id;
    let symbol = normalised.get(item.symbol);
    if (symbol === undefined) {
      symbol = item.symbol.toUpperCase();
      normalised.set(item.symbol, symbol);
    }
    symbols[i] = symbol;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!sorter.sort(ids, order, 0, heldCount) || !sorter.sort(ids, order, heldCount, n)) throw new Error('duplicate id');
  const out = new Array<Decision>(n);
  for (let pos = 0; pos < n; pos++) {
    const i = order[pos]!;
    const terms = { base: 0, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: entryCost };
    if (i < heldCount) {
      const o = opens[i]!;
      terms.base = o.entryScore;
      terms.pnlBonus = o.currentPnlR;
      out[pos] = { kind: 'held', id: o.id, symbol: symbols[i]!, outcome: 'keep', reason: FLOOR_REASONS[0], value: o.entryScore, swapValue: o.entryScore, terms };
    } else {
      const c = candidates[i - heldCount]!;
      terms.base = c.score;
      out[pos] = { kind: 'new', id: c.id, symbol: symbols[i]!, outcome: 'reject', reason: FLOOR_REASONS[1], value: c.score, swapValue: c.score, terms };
    }
  }
  return out;
}

/** The type and finiteness checks decisionFloor makes, for either kind of contender. */
function floorChecks(x: OpenPositionMetadata | CandidateSignal): boolean {
  if (typeof x.id !== 'string' || typeof x.symbol !== 'string' || (x.direction !== 'long' && x.direction !== 'short')) return false;
  if ('entryScore' in x) {
    return Number.isFinite(x.entryScore) && Number.isFinite(x.currentPnlR) && Number.isFinite(x.marginUsed) && Number.isFinite(x.ageMinutes);
  }
  return Number.isFinite(x.score) && Number.isFinite(x.requiredMargin) && Number.isFinite(x.riskR);
}

/** Median µs of orderedFloor on the same inputs as benchAllocator. */
export function benchOrderedFloor(candidateCounts: readonly number[], inputsPerSize = 8): AllocatorBenchRow[] {
  const sorter = new IdSorter();
  const normalised = new Map<string, string>();
  return candidateCounts.map((k) => {
    const inputs = Array.from({ length: inputsPerSize }, (_, i) => makeInput(`bench-${k}-${i}`, 50, k));
    return { candidates: k, ...timeCalls(inputs, callsFor(k), (input) => orderedFloor(input, 2, sorter, normalised).length) };
  });
}
