// Condition axes: which grid keys are conditions (costs and the seed), and the grid grouped into conditions (one per combination of their values).

import { describe, expect, it } from 'vitest';
import { SIM_KEYS } from '../../src/io/simConfig.js';
import { CONDITION_AXIS_KEYS, conditionOf, conditions, isConditionAxis } from '../../src/sim/conditionAxes.js';
import { expandGrid } from '../../src/sim/sweepGrid.js';

const THRESHOLD = { key: 'risk.auction_swap_threshold', values: [0, 10, 20] };
const FEE = { key: 'sim.fee_bps', values: [0, 2, 10] };
const SEED = { key: 'seed', values: [1, 2] };

describe('condition axes', () => {
  it('are the fee, slippage and funding keys of sim:, each a real sim key, and the seed', () => {
    const costs = CONDITION_AXIS_KEYS.filter((k) => k !== 'seed');
    for (const key of costs) expect(Object.keys(SIM_KEYS), key).toContain(key.slice('sim.'.length));
    expect(costs.every((k) => k.startsWith('sim.'))).toBe(true);
    expect(CONDITION_AXIS_KEYS).toHaveLength(costs.length + 1);
    for (const key of ['sim.fee_bps', 'sim.slippage_model', 'sim.slippage_bps', 'sim.slippage_impact_bps', 'sim.slippage_cap_bps',
      'sim.slippage_range_share', 'sim.slippage_jitter_bps', 'sim.funding_bps_per_8h', 'seed']) expect(isConditionAxis(key), key).toBe(true);
    // Choices: what the user sets, including sim keys that are not costs; near-misses of a condition key are choices too.
    for (const key of ['risk.auction_swap_threshold', 'sim.leverage', 'sim.cycle_bars', 'fee_bps', 'risk.fee_bps', 'sim.seed', 'seeds']) {
      expect(isConditionAxis(key), key).toBe(false);
    }
  });
});

describe('conditions', () => {
  it('gives threshold × fee one condition per fee, each with every threshold in grid order', () => {
    const points = expandGrid([THRESHOLD, FEE], 1);
    const grouped = conditions(points);
    expect(grouped.map((c) => c.label)).toEqual(['sim.fee_bps=0', 'sim.fee_bps=2', 'sim.fee_bps=10']);
    for (const [i, condition] of grouped.entries()) {
      expect(condition.points.map((p) => p.values[0]?.value)).toEqual([0, 10, 20]);
      expect(condition.points.every((p) => p.values[1]?.value === FEE.values[i])).toBe(true);
      expect(condition.points.map((p) => p.index)).toEqual([...condition.points.map((p) => p.index)].sort((a, b) => a - b));
    }
  });

  it('gives threshold × seed one condition per seed, each holding every threshold', () => {
    const points = expandGrid([THRESHOLD, SEED], 1);
    const grouped = conditions(points);
    expect(grouped.map((c) => c.label)).toEqual(['seed=1', 'seed=2']);
    for (const [i, condition] of grouped.entries()) {
      expect(condition.points.map((p) => p.values[0]?.value)).toEqual([0, 10, 20]);
      // Each point of the condition runs with the condition's seed.
      expect(condition.points.map((p) => p.seed)).toEqual([SEED.values[i], SEED.values[i], SEED.values[i]]);
    }
    expect(grouped.flatMap((c) => c.points.map((p) => p.id)).sort()).toEqual(points.map((p) => p.id).sort());
  });

  it('orders conditions by first appearance in the grid and labels several condition axes in axis order', () => {
    const slippage = { key: 'sim.slippage_model', values: ['fixed', 'range'] };
    const grouped = conditions(expandGrid([FEE, THRESHOLD, slippage], 1));
    expect(grouped.map((c) => c.label)).toEqual([
      'sim.fee_bps=0 sim.slippage_model="fixed"', 'sim.fee_bps=0 sim.slippage_model="range"',
      'sim.fee_bps=2 sim.slippage_model="fixed"', 'sim.fee_bps=2 sim.slippage_model="range"',
      'sim.fee_bps=10 sim.slippage_model="fixed"', 'sim.fee_bps=10 sim.slippage_model="range"',
    ]);
    expect(grouped.every((c) => c.points.length === 3)).toBe(true);
    // Handed the points out of order, the grouping is the same.
    const shuffled = expandGrid([FEE, THRESHOLD, slippage], 1).reverse();
    expect(conditions(shuffled)).toEqual(grouped);
  });

  it('labels a cost and the seed together, in axis order', () => {
    const points = expandGrid([SEED, THRESHOLD, { key: 'sim.fee_bps', values: [2] }], 1);
    expect(conditions(points).map((c) => c.label)).toEqual(['seed=1 sim.fee_bps=2', 'seed=2 sim.fee_bps=2']);
    expect(conditionOf(points[0]!)).toBe('seed=1 sim.fee_bps=2');
  });

  it('gives a grid without a condition axis one condition, labelled "", holding every point', () => {
    const points = expandGrid([THRESHOLD, { key: 'sim.leverage', values: [1, 2] }], 1);
    const grouped = conditions(points);
    expect(grouped).toHaveLength(1);
    expect(grouped[0]?.label).toBe('');
    expect(grouped[0]?.points.map((p) => p.id)).toEqual(points.map((p) => p.id));
  });

  it('gives a grid of condition axes only one point per condition', () => {
    const points = expandGrid([FEE, { key: 'sim.funding_bps_per_8h', values: [null, 1] }, SEED], 1);
    const grouped = conditions(points);
    expect(grouped).toHaveLength(12);
    expect(grouped.map((c) => c.points.map((p) => p.id))).toEqual(points.map((p) => [p.id]));
    expect(conditionOf(points[0]!)).toBe('sim.fee_bps=0 sim.funding_bps_per_8h=null seed=1');
  });
});
