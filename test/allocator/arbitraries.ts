// Shared fast-check arbitraries for the allocator's property tests: random portfolios with few
// symbols (spelt several ways) and clusters so that collisions happen, integer-ish scores so that
// ties happen, random limits (including ones the current book already breaks), budgets and locks.

import fc from 'fast-check';
import type {
  AllocatorOptions,
  CandidateSignal,
  Direction,
  OpenPositionMetadata,
  PortfolioLimits,
  PortfolioState,
} from '../../src/allocator/types.js';
import { normaliseSymbol } from './reference.js';

/** Runs per property; raise with FC_NUM_RUNS. */
export const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);

export const NOW_MS = Date.UTC(2024, 5, 1, 0, 0, 0);

/** `PF_XBTUSD` and `btcusd` are BTC/USD; `eth/usd` normalises to ETH/USD by case alone. */
export const ALIASES: Readonly<Record<string, string>> = { PF_XBTUSD: 'BTC/USD', btcusd: 'BTC/USD' };
export const SYMBOLS = [
  'BTC/USD', 'PF_XBTUSD', 'btcusd', 'ETH/USD', 'eth/usd', 'SOL/USD', 'XRP/USD', 'ADA/USD', 'DOGE/USD', 'LINK/USD',
  'AVAX/USD', 'DOT/USD',
];
export const CLUSTERS = ['tight_smc_ob', 'wide_structure_bos', 'tight_structure_bos'];

export interface Scenario {
  readonly options: AllocatorOptions;
  readonly opens: readonly OpenPositionMetadata[];
  readonly candidates: readonly CandidateSignal[];
  readonly state: PortfolioState;
}

export interface ScenarioShape {
  readonly minOpens?: number;
  readonly maxOpens?: number;
  readonly maxCandidates?: number;
  /** Margins with fractions (0.1, 0.2, ...) so that the order of summation could show. */
  readonly fractionalMargins?: boolean;
}

const direction: fc.Arbitrary<Direction> = fc.constantFrom('long', 'short');

function marginArb(fractional: boolean): fc.Arbitrary<number> {
  if (fractional) return fc.constantFrom(0, 0.1, 0.2, 0.3, 0.7, 100.1, 200.3, 333.3, 500.7);
  return fc.integer({ min: 0, max: 10 }).map((x) => x * 100);
}

/** A deterministic, symmetric correlation on normalised symbols, 1 on the diagonal. */
export function tableCorrelation(aliases: Readonly<Record<string, string>>): (a: string, b: string) => number {
  const values = [-0.6, 0, 0.3, 0.8];
  return (a: string, b: string): number => {
    const x = normaliseSymbol(a, aliases);
    const y = normaliseSymbol(b, aliases);
    if (x === y) return 1;
    const key = x < y ? `${x}|${y}` : `${y}|${x}`;
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % 1009;
    return values[h % values.length] as number;
  };
}

type OpenFields = Omit<OpenPositionMetadata, 'id'>;
type CandidateFields = Omit<CandidateSignal, 'id'>;

function openFieldsArb(fractional: boolean): fc.Arbitrary<OpenFields> {
  return fc
    .record({
      symbol: fc.constantFrom(...SYMBOLS),
      direction,
      cluster: fc.constantFrom(...CLUSTERS),
      entryScore: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.constantFrom(40, 50, 60)),
      currentPnlR: fc.constantFrom(-3, -1, -0.5, 0, 0, 0, 0.5, 1, 2),
      marginUsed: marginArb(fractional),
      ageMinutes: fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom(0, 5, 14, 15) },
        { weight: 3, arbitrary: fc.constantFrom(30, 1_440, 2_000, 10_000) },
      ),
      isProtectiveOrdersLive: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      trendR: fc.option(fc.constantFrom(-5, -1, 0, 1, 2, 4), { nil: undefined }),
    })
    .map(({ trendR, ...rest }) => (trendR === undefined ? rest : { ...rest, trendR }));
}

function candidateFieldsArb(fractional: boolean): fc.Arbitrary<CandidateFields> {
  return fc.record({
    symbol: fc.constantFrom(...SYMBOLS),
    direction,
    cluster: fc.constantFrom(...CLUSTERS),
    score: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(50, 60, 70)),
    requiredMargin: marginArb(fractional),
    riskR: fc.constantFrom(0.5, 1, 2),
  });
}

export const limitsArb: fc.Arbitrary<Partial<PortfolioLimits>> = fc
  .record({
    maxPositions: fc.integer({ min: 1, max: 8 }),
    maxMarginUtil: fc.constantFrom(0.25, 0.5, 0.9, 1),
    maxPerCluster: fc.integer({ min: 1, max: 5 }),
    maxPerSymbol: fc.integer({ min: 1, max: 2 }),
    maxNetLong: fc.option(fc.integer({ min: 0, max: 30 }).map((x) => x * 100), { nil: undefined }),
    maxNetShort: fc.option(fc.integer({ min: 0, max: 30 }).map((x) => x * 100), { nil: undefined }),
  })
  .map(({ maxNetLong, maxNetShort, ...rest }) => ({
    ...rest,
    ...(maxNetLong === undefined ? {} : { maxNetLong }),
    ...(maxNetShort === undefined ? {} : { maxNetShort }),
  }));

/** Every setting random; budgets small so that they bind, thresholds and penalties on and off. */
export const optionsArb: fc.Arbitrary<AllocatorOptions> = fc.record({
  limits: limitsArb,
  swapThreshold: fc.constantFrom(0, 5, 10, 15),
  minHoldMinutes: fc.constantFrom(0, 15),
  maxTradesPerCycle: fc.integer({ min: 0, max: 8 }),
  maxNewOpensPerCycle: fc.integer({ min: 0, max: 6 }),
  maxClosesPerCycle: fc.integer({ min: 0, max: 6 }),
  entryCost: fc.constantFrom(0, 1, 2, 3),
  exitCost: fc.constantFrom(0, 1, 2, 3),
  minValue: fc.constantFrom(-10, 0, 0, 30),
  pnlBonusPerR: fc.constantFrom(0, 5),
  trendBonusPerR: fc.constantFrom(0, 2),
  trendCapR: fc.constantFrom(1, 3),
  timeDecayPerHour: fc.constantFrom(0, 0.5),
  timeDecayGraceHours: fc.constantFrom(0, 24),
  directionConcentrationPenalty: fc.constantFrom(0, 10),
  clusterConcentrationPenalty: fc.constantFrom(0, 4),
  correlationPenalty: fc.constantFrom(0, 5),
  symbolAliases: fc.constant(ALIASES),
});

export function stateArb(withCorrelation: boolean): fc.Arbitrary<PortfolioState> {
  return fc
    .record({
      availableMargin: fc.integer({ min: 0, max: 40 }).map((x) => x * 100),
      correlation: withCorrelation ? fc.boolean() : fc.constant(false),
    })
    .map(({ availableMargin, correlation }) => ({
      availableMargin,
      accountEquity: 10_000,
      nowMs: NOW_MS,
      ...(correlation ? { correlation: tableCorrelation(ALIASES) } : {}),
    }));
}

/** Open positions and candidates with ids from one pool, so that id order interleaves the kinds. */
export function contendersArb(shape: ScenarioShape = {}): fc.Arbitrary<{
  opens: OpenPositionMetadata[];
  candidates: CandidateSignal[];
}> {
  const fractional = shape.fractionalMargins ?? false;
  return fc
    .tuple(
      fc.array(openFieldsArb(fractional), { minLength: shape.minOpens ?? 0, maxLength: shape.maxOpens ?? 12 }),
      fc.array(candidateFieldsArb(fractional), { maxLength: shape.maxCandidates ?? 15 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 999 }), { minLength: 27, maxLength: 27 }),
    )
    .map(([openFields, candidateFields, idPool]) => {
      const id = (i: number): string => `x${String(idPool[i]).padStart(3, '0')}`;
      return {
        opens: openFields.map((f, i) => ({ id: id(i), ...f })),
        candidates: candidateFields.map((f, i) => ({ id: id(openFields.length + i), ...f })),
      };
    });
}

/** A random call: settings, book, candidates and state. */
export function scenarioArb(
  shape: ScenarioShape = {},
  options: fc.Arbitrary<AllocatorOptions> = optionsArb,
): fc.Arbitrary<Scenario> {
  return fc
    .record({ options, contenders: contendersArb(shape), state: stateArb(true) })
    .map(({ options: o, contenders, state }) => ({ options: o, ...contenders, state }));
}

/** A permutation of `xs` given one random key per element (ties broken by position). */
export function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i] ?? 0, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map(({ x }) => x);
}

export const permutationKeysArb = fc.array(fc.integer(), { minLength: 15, maxLength: 15 });
