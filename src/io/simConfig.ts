// The one table from a scenario's `sim:` keys (snake_case) to SimSettings, and its validator.

import * as z from 'zod';
import { DEFAULT_SIM_SETTINGS, type SimSettings } from '../sim/settings.js';
import {
  asSection,
  BOOLEAN,
  checkField,
  FINITE,
  INTEGER_AT_LEAST_0,
  INTEGER_AT_LEAST_1,
  joinField,
  NON_NEGATIVE,
  POSITIVE,
  reportUnknownKeys,
  type FieldSpec,
} from './configFields.js';
import type { SectionContext } from './allocatorConfig.js';
import type { LocatedNode } from './yamlLocations.js';

export interface SimKeySpec extends FieldSpec {
  readonly setting: keyof SimSettings;
}

/** `sim:` key → SimSettings field; ranges are what the simulator can honour. */
export const SIM_KEYS = {
  initial_equity: { setting: 'initialEquity', ...POSITIVE },
  cycle_bars: { setting: 'cycleBars', ...INTEGER_AT_LEAST_1 },
  risk_per_trade_pct: { setting: 'riskPerTradePct', schema: z.number().gt(0).max(100), expected: 'a number in (0, 100]' },
  max_position_pct: { setting: 'maxPositionPct', ...POSITIVE },
  // Below 1 a position would need more margin than its notional.
  leverage: { setting: 'leverage', schema: z.number().min(1), expected: 'a number ≥ 1' },
  fee_bps: { setting: 'feeBps', ...NON_NEGATIVE },
  slippage_model: {
    setting: 'slippageModel',
    schema: z.enum(['fixed', 'volume_share', 'range']),
    expected: 'one of fixed, volume_share, range',
  },
  slippage_bps: { setting: 'slippageBps', ...NON_NEGATIVE },
  slippage_impact_bps: { setting: 'slippageImpactBps', ...NON_NEGATIVE },
  slippage_cap_bps: { setting: 'slippageCapBps', ...NON_NEGATIVE },
  slippage_range_share: { setting: 'slippageRangeShare', schema: z.number().min(0).max(1), expected: 'a number in [0, 1]' },
  slippage_jitter_bps: { setting: 'slippageJitterBps', ...NON_NEGATIVE },
  // Signed: negative funding (shorts pay longs) is real.
  funding_bps_per_8h: { setting: 'fundingBpsPer8h', schema: FINITE.schema.nullable(), expected: 'a finite number or null' },
  take_profit_r: { setting: 'takeProfitR', schema: POSITIVE.schema.nullable(), expected: 'a number > 0 or null' },
  trend_window_bars: { setting: 'trendWindowBars', ...INTEGER_AT_LEAST_1 },
  // A correlation needs at least two returns.
  correlation_window_bars: { setting: 'correlationWindowBars', schema: z.int().min(2), expected: 'an integer ≥ 2' },
  reentry_window_cycles: { setting: 'reentryWindowCycles', ...INTEGER_AT_LEAST_0 },
  compare_baseline: { setting: 'compareBaseline', ...BOOLEAN },
  write_decisions: { setting: 'writeDecisions', ...BOOLEAN },
} as const satisfies Record<string, SimKeySpec>;

export type SimKey = keyof typeof SIM_KEYS;

// Compile-time proof that every SimSettings field has a key.
type Uncovered = Exclude<keyof SimSettings, (typeof SIM_KEYS)[SimKey]['setting']>;
const _everySettingHasAKey: [Uncovered] extends [never] ? true : Uncovered = true;

/** The rule for one `sim:` key, or undefined when the key is unknown. */
export function simKeySpec(key: string): FieldSpec | undefined {
  return Object.hasOwn(SIM_KEYS, key) ? SIM_KEYS[key as SimKey] : undefined;
}

/** Reads a `sim:` section over DEFAULT_SIM_SETTINGS; problems go to `ctx.issues`. */
export function simSectionToSettings(node: LocatedNode | undefined, ctx: SectionContext): SimSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_SIM_SETTINGS };
  const section = node === undefined ? undefined : asSection(node, ctx.prefix, ctx.issues);
  if (section) {
    reportUnknownKeys(section, Object.keys(SIM_KEYS), ctx.prefix, ctx.issues);
    for (const entry of section.entries) {
      if (!Object.hasOwn(SIM_KEYS, entry.key)) continue;
      const spec: SimKeySpec = SIM_KEYS[entry.key as SimKey];
      const value = checkField(entry.value, spec, joinField(ctx.prefix, entry.key), ctx.issues);
      if (value !== undefined) settings[spec.setting] = value;
    }
  }
  // Safe: every field came from the defaults or passed its key's schema.
  return settings as unknown as SimSettings;
}
