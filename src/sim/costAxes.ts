// Which sweep axes are trading costs (conditions the market imposes) and the grid's cost levels: one per combination of their values.

import type { GridPoint } from './sweepGrid.js';

/**
 * Grid keys of the costs a strategy pays (fees, slippage, funding): market conditions, never parameters to
 * choose, so a walk-forward must not "choose" the cheapest of them. Every other axis is a choice.
 */
export const COST_AXIS_KEYS: readonly string[] = [
  'sim.fee_bps',
  'sim.slippage_model',
  'sim.slippage_bps',
  'sim.slippage_impact_bps',
  'sim.slippage_cap_bps',
  'sim.slippage_range_share',
  'sim.slippage_jitter_bps',
  'sim.funding_bps_per_8h',
];

export function isCostAxis(key: string): boolean {
  return COST_AXIS_KEYS.includes(key);
}

/** The grid points that share one combination of the cost axes' values. */
export interface CostLevel {
  /** `key=value` pairs of the cost axes in axis order, values as JSON, space-separated; '' when no axis is a cost. */
  readonly label: string;
  /** In grid order. */
  readonly points: readonly GridPoint[];
}

/** The cost level a point sits at: its cost axes' `key=value` pairs (values as JSON, as in the point key). */
export function costLevelOf(point: GridPoint): string {
  return point.values
    .filter((v) => isCostAxis(v.key))
    .map((v) => `${v.key}=${JSON.stringify(v.value)}`)
    .join(' ');
}

/** The points grouped by cost level, levels in order of first appearance in the grid, points in grid order. */
export function costLevels(points: readonly GridPoint[]): CostLevel[] {
  const byLabel = new Map<string, GridPoint[]>();
  for (const point of [...points].sort((a, b) => a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const label = costLevelOf(point);
    const group = byLabel.get(label);
    if (group === undefined) byLabel.set(label, [point]);
    else group.push(point);
  }
  return [...byLabel].map(([label, group]) => ({ label, points: group }));
}
