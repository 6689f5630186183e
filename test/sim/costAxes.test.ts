// Cost axes: which grid keys are market costs, and the grid grouped into cost levels (one per combination of their values).

import { describe, expect, it } from 'vitest';
import { SIM_KEYS } from '../../src/io/simConfig.js';
import { COST_AXIS_KEYS, costLevelOf, costLevels, isCostAxis } from '../../src/sim/costAxes.js';
import { expandGrid } from '../../src/sim/sweepGrid.js';

const THRESHOLD = { key: 'risk.auction_swap_threshold', values: [0, 10, 20] };
const FEE = { key: 'sim.fee_bps', values: [0, 2, 10] };

describe('cost axes', () => {
  it('are the fee, slippage and funding keys of sim:, each a real sim key', () => {
    for (const key of COST_AXIS_KEYS) expect(Object.keys(SIM_KEYS), key).toContain(key.slice('sim.'.length));
    expect(COST_AXIS_KEYS.every((k) => k.startsWith('sim.'))).toBe(true);
    for (const key of ['sim.fee_bps', 'sim.slippage_model', 'sim.slippage_bps', 'sim.slippage_impact_bps', 'sim.slippage_cap_bps',
      'sim.slippage_range_share', 'sim.slippage_jitter_bps', 'sim.funding_bps_per_8h']) expect(isCostAxis(key), key).toBe(true);
    // Choices: what the user sets, including sim keys that are not costs, and the seed.
    for (const key of ['risk.auction_swap_threshold', 'sim.leverage', 'sim.cycle_bars', 'seed', 'fee_bps', 'risk.fee_bps']) expect(isCostAxis(key), key).toBe(false);
  });
});

describe('costLevels', () => {
  it('gives threshold × fee one level per fee, each with every threshold in grid order', () => {
    const points = expandGrid([THRESHOLD, FEE], 1);
    const levels = costLevels(points);
    expect(levels.map((l) => l.label)).toEqual(['sim.fee_bps=0', 'sim.fee_bps=2', 'sim.fee_bps=10']);
    for (const [i, level] of levels.entries()) {
      expect(level.points.map((p) => p.values[0]?.value)).toEqual([0, 10, 20]);
      expect(level.points.every((p) => p.values[1]?.value === FEE.values[i])).toBe(true);
      expect(level.points.map((p) => p.index)).toEqual([...level.points.map((p) => p.index)].sort((a, b) => a - b));
    }
  });

  it('orders levels by first appearance in the grid and labels several cost axes in axis order', () => {
    const slippage = { key: 'sim.slippage_model', values: ['fixed', 'range'] };
    const levels = costLevels(expandGrid([FEE, THRESHOLD, slippage], 1));
    expect(levels.map((l) => l.label)).toEqual([
      'sim.fee_bps=0 sim.slippage_model="fixed"', 'sim.fee_bps=0 sim.slippage_model="range"',
      'sim.fee_bps=2 sim.slippage_model="fixed"', 'sim.fee_bps=2 sim.slippage_model="range"',
      'sim.fee_bps=10 sim.slippage_model="fixed"', 'sim.fee_bps=10 sim.slippage_model="range"',
    ]);
    expect(levels.every((l) => l.points.length === 3)).toBe(true);
    // Handed the points out of order, the grouping is the same.
    const shuffled = expandGrid([FEE, THRESHOLD, slippage], 1).reverse();
    expect(costLevels(shuffled)).toEqual(levels);
  });

  it('gives a grid without a cost axis one level, labelled "", holding every point', () => {
    const points = expandGrid([THRESHOLD, { key: 'sim.leverage', values: [1, 2] }], 1);
    const levels = costLevels(points);
    expect(levels).toHaveLength(1);
    expect(levels[0]?.label).toBe('');
    expect(levels[0]?.points.map((p) => p.id)).toEqual(points.map((p) => p.id));
  });

  it('gives a grid of cost axes only one point per level', () => {
    const points = expandGrid([FEE, { key: 'sim.funding_bps_per_8h', values: [null, 1] }], 1);
    const levels = costLevels(points);
    expect(levels).toHaveLength(6);
    expect(levels.map((l) => l.points.map((p) => p.id))).toEqual(points.map((p) => [p.id]));
    expect(costLevelOf(points[0]!)).toBe('sim.fee_bps=0 sim.funding_bps_per_8h=null');
  });
});
