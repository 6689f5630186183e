// Walk-forward's choice: ranked within each condition, never across fees or seeds (costs and the seed are conditions, not choices).

import { describe, expect, it } from 'vitest';
import { bestAtEachCondition, bestPoint } from '../../src/cli/walkForward.js';
import { conditions } from '../../src/sim/conditionAxes.js';
import { expandGrid, type GridPoint } from '../../src/sim/sweepGrid.js';

const points = expandGrid([
  { key: 'risk.auction_swap_threshold', values: [0, 10, 20] },
  { key: 'sim.fee_bps', values: [0, 5] },
], 1);
const valueOf = (p: GridPoint, key: string): unknown => p.values.find((v) => v.key === key)?.value;
const params = (p: GridPoint | null): unknown[] => (p === null ? [] : p.values.map((v) => v.value));

describe('bestAtEachCondition', () => {
  it('picks the best threshold at each fee, though the best of the whole grid is at fee 0', () => {
    // Fee 0 beats fee 5 everywhere; at fee 0 threshold 0 is best, at fee 5 (more churn cost) threshold 20 is.
    const pnl = new Map<string, number>(points.map((p) => {
      const t = valueOf(p, 'risk.auction_swap_threshold') as number;
      const fee = valueOf(p, 'sim.fee_bps') as number;
      return [p.id, fee === 0 ? 1000 - t : 500 + 10 * t];
    }));
    const metric = (p: GridPoint): number => pnl.get(p.id) as number;
    expect(params(bestPoint(points, metric, 'net_pnl'))).toEqual([0, 0]);
    const chosen = bestAtEachCondition(conditions(points), metric, 'net_pnl');
    expect(chosen.map((c) => c.condition.label)).toEqual(['sim.fee_bps=0', 'sim.fee_bps=5']);
    expect(chosen.map((c) => params(c.best))).toEqual([[0, 0], [20, 5]]);
  });

  it('picks the best threshold at each seed, though the best of the whole grid is at seed 1', () => {
    const seeded = expandGrid([
      { key: 'risk.auction_swap_threshold', values: [0, 10, 20] },
      { key: 'seed', values: [1, 2] },
    ], 1);
    // Seed 1 drew lucky slippage and beats seed 2 everywhere; at seed 1 threshold 10 is best, at seed 2 threshold 20 is.
    const pnl = new Map<string, number>(seeded.map((p) => {
      const t = valueOf(p, 'risk.auction_swap_threshold') as number;
      const seed = valueOf(p, 'seed') as number;
      return [p.id, seed === 1 ? 2000 - Math.abs(t - 10) : 100 + t];
    }));
    const metric = (p: GridPoint): number => pnl.get(p.id) as number;
    expect(params(bestPoint(seeded, metric, 'net_pnl'))).toEqual([10, 1]);
    const chosen = bestAtEachCondition(conditions(seeded), metric, 'net_pnl');
    expect(chosen.map((c) => c.condition.label)).toEqual(['seed=1', 'seed=2']);
    // One choice per seed, each replayed with its own seed: never the luckiest seed's point for both.
    expect(chosen.map((c) => params(c.best))).toEqual([[10, 1], [20, 2]]);
    expect(chosen.map((c) => c.best?.seed)).toEqual([1, 2]);
  });

  it('ranks lower-first for a lower-is-better metric, ties to the earlier point, and chooses nothing where nothing finished', () => {
    const turnover = new Map<string, number | string>(points.map((p) => {
      const t = valueOf(p, 'risk.auction_swap_threshold') as number;
      const fee = valueOf(p, 'sim.fee_bps') as number;
      // At fee 0 thresholds 10 and 20 tie (the earlier, 10, wins); at fee 5 no run finished.
      return [p.id, fee === 5 ? '' : t === 0 ? 9 : 4];
    }));
    const chosen = bestAtEachCondition(conditions(points), (p) => turnover.get(p.id) ?? '', 'turnover_one_way_annual');
    expect(chosen.map((c) => params(c.best))).toEqual([[10, 0], []]);
    expect(chosen[1]?.best).toBeNull();
  });
});
