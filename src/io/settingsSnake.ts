// Resolved settings back to the scenario's snake_case keys, for the manifest: one table each way.

import type { AllocatorSettings } from '../allocator/types.js';
import type { SimSettings } from '../sim/settings.js';
import { ALLOCATOR_KEYS, AUCTION_MODE_KEY } from './allocatorConfig.js';
import { SIM_KEYS } from './simConfig.js';

/** The `risk:` section every run used, every key present (null for an unset net cap). */
export function riskSectionOf(settings: AllocatorSettings, auctionModeEnabled: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { [AUCTION_MODE_KEY]: auctionModeEnabled };
  for (const [key, spec] of Object.entries(ALLOCATOR_KEYS)) {
    const setting = spec.setting as string;
    const value = setting.startsWith('limits.')
      ? (settings.limits as unknown as Record<string, unknown>)[setting.slice('limits.'.length)]
      : (settings as unknown as Record<string, unknown>)[setting];
    out[key] = value ?? null;
  }
  return out;
}

/** The `sim:` section every run used, every key present. */
export function simSectionOf(sim: SimSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SIM_KEYS)) out[key] = (sim as unknown as Record<string, unknown>)[spec.setting] ?? null;
  return out;
}
