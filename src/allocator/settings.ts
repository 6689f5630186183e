// Allocator settings: the defaults of allocator.md §9 and their validation, every issue at once.

import { AllocatorInputError, IssueList } from './errors.js';
import type { AllocatorOptions, AllocatorSettings, PortfolioLimits as Limits } from './types.js';

export const DEFAULT_LIMITS: Limits = {
  maxPositions: 50,
  maxMarginUtil: 0.9,
  maxPerCluster: 12,
  maxPerSymbol: 1,
};

export const DEFAULT_ALLOCATOR_SETTINGS: AllocatorSettings = {
  limits: DEFAULT_LIMITS,
  swapThreshold: 10,
  minHoldMinutes: 15,
  maxTradesPerCycle: 5,
  maxNewOpensPerCycle: 5,
  maxClosesPerCycle: 5,
  entryCost: 2,
  exitCost: 2,
  minValue: 0,
  pnlBonusPerR: 5,
  trendBonusPerR: 0,
  trendCapR: 3,
  timeDecayPerHour: 0,
  timeDecayGraceHours: 24,
  directionConcentrationPenalty: 10,
  clusterConcentrationPenalty: 0,
  correlationPenalty: 0,
  symbolAliases: {},
};

const LIMIT_KEYS = new Set(['maxPositions', 'maxMarginUtil', 'maxPerCluster', 'maxPerSymbol', 'maxNetLong', 'maxNetShort']);

/** Non-negative number settings: costs, threshold, penalties, bonuses, clocks. */
const NON_NEGATIVE_KEYS = [
  'swapThreshold', 'minHoldMinutes', 'entryCost', 'exitCost', 'pnlBonusPerR', 'trendBonusPerR', 'trendCapR',
  'timeDecayPerHour', 'timeDecayGraceHours', 'directionConcentrationPenalty', 'clusterConcentrationPenalty',
  'correlationPenalty',
] as const;
const BUDGET_KEYS = ['maxTradesPerCycle', 'maxNewOpensPerCycle', 'maxClosesPerCycle'] as const;

/**
 * The seed's `PortfolioLimits(max_positions=50, ...)`: fills in the defaults of any limit not given.
 * Validation happens when an allocator is built from them.
 */
export function PortfolioLimits(limits: Partial<Limits> = {}): Limits {
  const merged: { -readonly [K in keyof Limits]: Limits[K] } = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

function validateLimits(limits: Limits, issues: IssueList): void {
  for (const key of Object.keys(limits)) {
    if (!LIMIT_KEYS.has(key)) issues.messages.push(`limits.${key}: unknown limit`);
  }
  issues.integerAtLeast('limits.maxPositions', limits.maxPositions, 1);
  issues.integerAtLeast('limits.maxPerCluster', limits.maxPerCluster, 1);
  issues.integerAtLeast('limits.maxPerSymbol', limits.maxPerSymbol, 1);
  const util = limits.maxMarginUtil;
  if (!(typeof util === 'number' && util > 0 && util <= 1)) issues.add('limits.maxMarginUtil', 'a number in (0, 1]', util);
  for (const key of ['maxNetLong', 'maxNetShort'] as const) {
    if (limits[key] !== undefined) issues.nonNegative(`limits.${key}`, limits[key]);
  }
}

function validateAliases(aliases: unknown, issues: IssueList): void {
  if (typeof aliases !== 'object' || aliases === null || Array.isArray(aliases)) {
    issues.add('symbolAliases', 'a map of symbol to symbol', aliases);
    return;
  }
  for (const [from, to] of Object.entries(aliases)) {
    if (from.length === 0) issues.add('symbolAliases', 'non-empty alias names', from);
    issues.nonEmptyString(`symbolAliases.${from}`, to);
  }
}

/** Resolves options against the defaults and validates them; throws AllocatorInputError listing every issue. */
export function resolveSettings(options: AllocatorOptions): AllocatorSettings {
  const issues = new IssueList();
  if (typeof options !== 'object' || options === null) throw new AllocatorInputError(['settings: expected an object']);
  const known = new Set(Object.keys(DEFAULT_ALLOCATOR_SETTINGS));
  for (const key of Object.keys(options)) {
    if (!known.has(key)) issues.messages.push(`settings.${key}: unknown setting`);
  }
  const merged: Record<string, unknown> = { ...DEFAULT_ALLOCATOR_SETTINGS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && key !== 'limits') merged[key] = value;
  }
  const limits = PortfolioLimits(options.limits ?? {});
  validateLimits(limits, issues);
  for (const key of NON_NEGATIVE_KEYS) issues.nonNegative(key, merged[key]);
  for (const key of BUDGET_KEYS) issues.integerAtLeast(key, merged[key], 0);
  issues.finiteNumber('minValue', merged.minValue);
  validateAliases(merged.symbolAliases, issues);
  issues.throwIfAny();
  return settingsRecord(merged as unknown as AllocatorSettings, limits);
}

/**
 * The settings as one fixed-shape record, whatever order or form the caller gave them in. The hot code reads
 * these fields millions of times; one object shape keeps it optimised across allocators, where a shape per
 * caller's object literal made the engine recompile it for every new allocator (a sweep builds one per point).
 */
function settingsRecord(s: AllocatorSettings, limits: Limits): AllocatorSettings {
  return Object.freeze({
    limits: Object.freeze(limitsRecord(limits)),
    swapThreshold: s.swapThreshold,
    minHoldMinutes: s.minHoldMinutes,
    maxTradesPerCycle: s.maxTradesPerCycle,
    maxNewOpensPerCycle: s.maxNewOpensPerCycle,
    maxClosesPerCycle: s.maxClosesPerCycle,
    entryCost: s.entryCost,
    exitCost: s.exitCost,
    minValue: s.minValue,
    pnlBonusPerR: s.pnlBonusPerR,
    trendBonusPerR: s.trendBonusPerR,
    trendCapR: s.trendCapR,
    timeDecayPerHour: s.timeDecayPerHour,
    timeDecayGraceHours: s.timeDecayGraceHours,
    directionConcentrationPenalty: s.directionConcentrationPenalty,
    clusterConcentrationPenalty: s.clusterConcentrationPenalty,
    correlationPenalty: s.correlationPenalty,
    symbolAliases: Object.freeze({ ...s.symbolAliases }),
  });
}

/** The limits as one fixed-shape record; an absent net cap is left out, as the caller left it. */
function limitsRecord(l: Limits): Limits {
  const record: { -readonly [K in keyof Limits]: Limits[K] } = {
    maxPositions: l.maxPositions,
    maxMarginUtil: l.maxMarginUtil,
    maxPerCluster: l.maxPerCluster,
    maxPerSymbol: l.maxPerSymbol,
  };
  if (l.maxNetLong !== undefined) record.maxNetLong = l.maxNetLong;
  if (l.maxNetShort !== undefined) record.maxNetShort = l.maxNetShort;
  return record;
}

/** The limits type shares the name of its builder, as in the seed. */
export type PortfolioLimits = Limits;
