// The one table from config.yaml's `risk:` keys to AllocatorSettings, its validator, and the config.yaml loader.

import * as z from 'zod';
import { DEFAULT_ALLOCATOR_SETTINGS } from '../allocator/settings.js';
import type { AllocatorSettings, PortfolioLimits } from '../allocator/types.js';
import {
  asSection,
  BOOLEAN,
  checkField,
  FINITE,
  INTEGER_AT_LEAST_0,
  INTEGER_AT_LEAST_1,
  joinField,
  NON_NEGATIVE,
  reportUnknownKeys,
  sortIssues,
  type FieldSpec,
} from './configFields.js';
import { InputError, type InputIssue } from './inputError.js';
import { entryOf, issueAt, parseYamlLocated, type LocatedNode } from './yamlLocations.js';

/** A setting's place in AllocatorSettings: `limits.<limit>` or a top-level setting. */
export type AllocatorSettingPath = `limits.${keyof PortfolioLimits}` | Exclude<keyof AllocatorSettings, 'limits'>;

export interface AllocatorKeySpec extends FieldSpec {
  readonly setting: AllocatorSettingPath;
}

const NET_CAP: FieldSpec<number | null> = { schema: z.number().min(0).nullable(), expected: 'a number ≥ 0 or null' };
const MARGIN_UTIL: FieldSpec<number> = { schema: z.number().gt(0).max(1), expected: 'a number in (0, 1]' };
const ALIASES: FieldSpec<Record<string, string>> = {
  schema: z.record(z.string().min(1), z.string().min(1)),
  expected: 'a map of symbol: symbol (non-empty strings)',
};

/** config.yaml `risk:` key → allocator setting (allocator.md §9); the CLI's `--set risk.<key>` uses it too. */
export const ALLOCATOR_KEYS = {
  auction_max_positions: { setting: 'limits.maxPositions', ...INTEGER_AT_LEAST_1 },
  auction_max_margin_util: { setting: 'limits.maxMarginUtil', ...MARGIN_UTIL },
  auction_max_per_cluster: { setting: 'limits.maxPerCluster', ...INTEGER_AT_LEAST_1 },
  auction_max_per_symbol: { setting: 'limits.maxPerSymbol', ...INTEGER_AT_LEAST_1 },
  auction_max_net_long: { setting: 'limits.maxNetLong', ...NET_CAP },
  auction_max_net_short: { setting: 'limits.maxNetShort', ...NET_CAP },
  auction_swap_threshold: { setting: 'swapThreshold', ...NON_NEGATIVE },
  auction_min_hold_minutes: { setting: 'minHoldMinutes', ...NON_NEGATIVE },
  auction_max_trades_per_cycle: { setting: 'maxTradesPerCycle', ...INTEGER_AT_LEAST_0 },
  auction_max_new_opens_per_cycle: { setting: 'maxNewOpensPerCycle', ...INTEGER_AT_LEAST_0 },
  auction_max_closes_per_cycle: { setting: 'maxClosesPerCycle', ...INTEGER_AT_LEAST_0 },
  auction_entry_cost: { setting: 'entryCost', ...NON_NEGATIVE },
  auction_exit_cost: { setting: 'exitCost', ...NON_NEGATIVE },
  auction_min_value: { setting: 'minValue', ...FINITE },
  auction_pnl_bonus_per_r: { setting: 'pnlBonusPerR', ...NON_NEGATIVE },
  auction_trend_bonus_per_r: { setting: 'trendBonusPerR', ...NON_NEGATIVE },
  auction_trend_cap_r: { setting: 'trendCapR', ...NON_NEGATIVE },
  auction_time_decay_per_hour: { setting: 'timeDecayPerHour', ...NON_NEGATIVE },
  auction_time_decay_grace_hours: { setting: 'timeDecayGraceHours', ...NON_NEGATIVE },
  auction_direction_concentration_penalty: { setting: 'directionConcentrationPenalty', ...NON_NEGATIVE },
  auction_cluster_concentration_penalty: { setting: 'clusterConcentrationPenalty', ...NON_NEGATIVE },
  auction_correlation_penalty: { setting: 'correlationPenalty', ...NON_NEGATIVE },
  auction_symbol_aliases: { setting: 'symbolAliases', ...ALIASES },
} as const satisfies Record<string, AllocatorKeySpec>;

export type AllocatorKey = keyof typeof ALLOCATOR_KEYS;

// Compile-time proof that the table covers every setting: adding one to AllocatorSettings without a
// key here fails the build.
type Uncovered = Exclude<AllocatorSettingPath, (typeof ALLOCATOR_KEYS)[AllocatorKey]['setting']>;
const _everySettingHasAKey: [Uncovered] extends [never] ? true : Uncovered = true;

/** Read by the simulator, not the allocator: `false` selects the baseline policy (simulator.md §2). */
export const AUCTION_MODE_KEY = 'auction_mode_enabled';
export const AUCTION_MODE_SPEC: FieldSpec<boolean> = BOOLEAN;
export const DEFAULT_AUCTION_MODE_ENABLED = true;

/** Every key a `risk:` section may hold. */
export const RISK_KEYS: readonly string[] = [AUCTION_MODE_KEY, ...Object.keys(ALLOCATOR_KEYS)];

/** The rule for one `risk:` key, or undefined when the key is unknown. */
export function riskKeySpec(key: string): FieldSpec | undefined {
  if (key === AUCTION_MODE_KEY) return AUCTION_MODE_SPEC;
  return Object.hasOwn(ALLOCATOR_KEYS, key) ? ALLOCATOR_KEYS[key as AllocatorKey] : undefined;
}

export interface RiskSection {
  readonly allocator: AllocatorSettings;
  readonly auctionModeEnabled: boolean;
}

/** Where issues go and how keys are named in them (`''` for config.yaml, `risk` in a scenario). */
export interface SectionContext {
  readonly issues: InputIssue[];
  readonly prefix: string;
}

/**
 * Reads a `risk:` section over the defaults. Every problem is pushed to `ctx.issues`; the result is
 * only meaningful when none was. A missing or empty section gives the defaults.
 */
export function riskSectionToSettings(node: LocatedNode | undefined, ctx: SectionContext): RiskSection {
  const limits: Record<string, number | undefined> = { ...DEFAULT_ALLOCATOR_SETTINGS.limits };
  const settings: Record<string, unknown> = { ...DEFAULT_ALLOCATOR_SETTINGS };
  let auctionModeEnabled = DEFAULT_AUCTION_MODE_ENABLED;
  const section = node === undefined ? undefined : asSection(node, ctx.prefix, ctx.issues);
  if (section) {
    reportUnknownKeys(section, RISK_KEYS, ctx.prefix, ctx.issues);
    for (const entry of section.entries) {
      const field = joinField(ctx.prefix, entry.key);
      if (entry.key === AUCTION_MODE_KEY) {
        const v = checkField(entry.value, AUCTION_MODE_SPEC, field, ctx.issues);
        if (v !== undefined) auctionModeEnabled = v;
        continue;
      }
      if (!Object.hasOwn(ALLOCATOR_KEYS, entry.key)) continue;
      const spec: AllocatorKeySpec = ALLOCATOR_KEYS[entry.key as AllocatorKey];
      const value = checkField(entry.value, spec, field, ctx.issues);
      if (value === undefined) continue;
      if (spec.setting.startsWith('limits.')) {
        const limit = spec.setting.slice('limits.'.length);
        // null on a net cap means "no cap": the limit is left out, as the allocator expects.
        if (value === null) delete limits[limit];
        else limits[limit] = value as number;
      } else {
        settings[spec.setting] = value;
      }
    }
  }
  // Safe: every key came from the defaults or passed its key's schema.
  const allocator = { ...settings, limits } as unknown as AllocatorSettings;
  return { allocator, auctionModeEnabled };
}

/** Reads config.yaml's `risk:` section (other sections are ignored), with `auction_mode_enabled` apart. */
export function loadRiskConfig(yamlText: string, fileName: string): RiskSection {
  const parsed = parseYamlLocated(yamlText, fileName);
  const issues = [...parsed.issues];
  let result: RiskSection | undefined;
  if (parsed.root) {
    const root = asSection(parsed.root, '', issues, 'a map of sections (risk: ...)');
    if (root) result = riskSectionToSettings(entryOf(root, 'risk')?.value, { issues, prefix: '' });
  }
  if (issues.length > 0 || result === undefined) {
    throw new InputError(issues.length > 0 ? sortIssues(issues) : [issueAt({ file: fileName }, undefined, 'cannot read')]);
  }
  return result;
}

/** The allocator settings of a config.yaml; throws InputError listing every problem at once. */
export function loadAllocatorSettings(yamlText: string, fileName: string): AllocatorSettings {
  return loadRiskConfig(yamlText, fileName).allocator;
}
