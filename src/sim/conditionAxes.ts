// Which sweep axes are conditions the user does not choose (costs and the seed) and the grid's conditions: one per combination of their values.

import type { GridPoint } from './sweepGrid.js';

/**
 * Grid keys of conditions, never parameters to choose: the costs a strategy pays (fees, slippage, funding) are
 * imposed by the market, so a walk-forward must not "choose" the cheapest of them; the seed draws the slippage
 * jitter, so ranking it would pick the luckiest draw. Every other axis is a choice.
 */
export const CONDITION_AXIS_KEYS: readonly string[] = [
  'sim.fee_bps',
  'sim.slippage_model',
  'sim.slippage_bps',
  'sim.slippage_impact_bps',
  'sim.slippage_cap_bps',
  'sim.slippage_range_share',
  'sim.slippage_jitter_bps',
  'sim.funding_bps_per_8h',
  'seed',
];

export function isConditionAxis(key: string): boolean {
  return CONDITION_AXIS_KEYS.includes(key);
}

/** The grid points that share one combination of the condition axes' values. */
export interface Condition {
  /** `key=value` pairs of the condition axes in axis order, values as JSON, space-separated; '' when no axis is a condition. */
  readonly label: string;
  /** In grid order. */
  readonly points: readonly GridPoint[];
}

/** The condition a point sits at: its condition axes' `key=value` pairs (values as JSON, as in the point key). */
export function conditionOf(point: GridPoint): string {
  return point.values
    .filter((v) => isConditionAxis(v.key))
    .map((v) => `${v.key}=${JSON.stringify(v.value)}`)
    .join(' ');
}

/** The points grouped by condition, conditions in order of first appearance in the grid, points in grid order. */
export function conditions(points: readonly GridPoint[]): Condition[] {
  const byLabel = new Map<string, GridPoint[]>();
  for (const point of [...points].sort((a, b) => a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const label = conditionOf(point);
    const group = byLabel.get(label);
    if (group === undefined) byLabel.set(label, [point]);
    else group.push(point);
  }
  return [...byLabel].map(([label, group]) => ({ label, points: group }));
}
