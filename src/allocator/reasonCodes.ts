// Reasons and outcomes as small integers (a reason's code is its index in REASON_CODES), for typed-array verdicts.

import type { Outcome, ReasonCode } from './types.js';
import { REASON_CODES } from './types.js';

function code(reason: ReasonCode): number {
  return REASON_CODES.indexOf(reason);
}

export const R_WINNER = code('winner');
export const R_SWAP_IN = code('swap_in');
export const R_SWAP_OUT = code('swap_out');
export const R_HYSTERESIS_BLOCKED = code('hysteresis_blocked');
export const R_LOCKED = code('locked');
export const R_SLOT_CAP = code('slot_cap');
export const R_CLUSTER_CAP = code('cluster_cap');
export const R_SYMBOL_CAP = code('symbol_cap');
export const R_SYMBOL_HELD = code('symbol_held');
export const R_MARGIN_CAP = code('margin_cap');
export const R_NET_EXPOSURE_CAP = code('net_exposure_cap');
export const R_BELOW_FLOOR = code('below_floor');
export const R_TRADE_BUDGET = code('trade_budget');

const FORCED = REASON_CODES.map((r) => REASON_CODES.indexOf(`forced_${r}` as ReasonCode));

/** `forced_<limit>` for a limit's code. */
export function forcedCode(limit: number): number {
  return FORCED[limit]!;
}

/** The plan's `reasons` from counts by code: one literal, keys in REASON_CODES order (checked below). */
export function reasonRecord(counts: Int32Array): Record<ReasonCode, number> {
  return {
    winner: counts[0]!,
    swap_in: counts[1]!,
    swap_out: counts[2]!,
    hysteresis_blocked: counts[3]!,
    locked: counts[4]!,
    slot_cap: counts[5]!,
    cluster_cap: counts[6]!,
    symbol_cap: counts[7]!,
    symbol_held: counts[8]!,
    margin_cap: counts[9]!,
    net_exposure_cap: counts[10]!,
    below_floor: counts[11]!,
    trade_budget: counts[12]!,
    forced_slot_cap: counts[13]!,
    forced_cluster_cap: counts[14]!,
    forced_symbol_cap: counts[15]!,
    forced_margin_cap: counts[16]!,
    forced_net_exposure_cap: counts[17]!,
  };
}

// The literal above must list every reason at its code; fail at load time rather than count under a wrong key.
{
  const probe = new Int32Array(REASON_CODES.length).map((_, i) => i);
  const record = reasonRecord(probe);
  if (Object.keys(record).join() !== REASON_CODES.join() || REASON_CODES.some((r, i) => record[r] !== i)) {
    throw new Error('reasonRecord does not match REASON_CODES');
  }
}

/** 0 means "no verdict yet" in the plan's arrays. */
export const O_KEEP = 1;
export const O_OPEN = 2;
export const O_CLOSE = 3;
export const O_REJECT = 4;
export const OUTCOMES: readonly Outcome[] = ['keep', 'keep', 'open', 'close', 'reject'];
