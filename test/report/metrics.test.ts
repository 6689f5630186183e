// Every metric of simulator.md §6 on small hand-computed runs, plus the empty-run convention and summary.json order.

import { describe, expect, it } from 'vitest';
import { computeMetrics, metricValue, NA, summaryJson, type Metric } from '../../src/report/metrics.js';
import { cycle, day, decision, DAY_MS, fill, makeRun, T0, trade } from './runData.js';

const value = (metrics: readonly Metric[], key: string): number | string => metricValue(metrics, key);
const num = (metrics: readonly Metric[], key: string): number => {
  const v = metricValue(metrics, key);
  if (typeof v !== 'number') throw new Error(`${key} is ${v}`);
  return v;
};
/** Exactly one year of 365.25 days after T0. */
const ONE_YEAR_LATER = T0 + 365.25 * DAY_MS;

describe('performance', () => {
  it('net PnL and total return are exact decimal differences', () => {
    const m = computeMetrics(makeRun({ cycles: [cycle(T0, 100000)], initialEquity: '100000', finalEquity: '100000.3' }));
    expect(value(m, 'net_pnl')).toBe(0.3);
    expect(num(m, 'total_return')).toBeCloseTo(0.3 / 100000, 15);
  });

  it('drawdown of a known equity path: depth, amount and duration', () => {
    // initial 100 → 110 (peak, day 0) → 99 → 88 (trough: 1 − 88/110 = 20 %) → 121 (recovered day 3) → 110 (under 121 to the end).
    const equities = [110, 99, 88, 121, 110];
    const m = computeMetrics(makeRun({ initialEquity: '100', cycles: equities.map((e, i) => cycle(day(i), e)) }));
    expect(num(m, 'max_drawdown')).toBeCloseTo(0.2, 12);
    expect(num(m, 'max_drawdown_amount')).toBeCloseTo(22, 12);
    expect(value(m, 'max_drawdown_duration_days')).toBe(3);
  });

  it('an unrecovered drawdown lasts to the last cycle', () => {
    const m = computeMetrics(makeRun({ initialEquity: '100', cycles: [cycle(day(0), 100), cycle(day(1), 90), cycle(day(5), 95)] }));
    expect(value(m, 'max_drawdown_duration_days')).toBe(5);
    expect(num(m, 'max_drawdown')).toBeCloseTo(0.1, 12);
  });

  it('volatility, Sharpe, Sortino and CAGR from per-cycle returns annualised by cycles per year', () => {
    // r = +1 %, +1 %, −1 % over 3 daily cycles spanning 2 days: cycles/year = 3 / (2 / 365.25) = 547.875.
    const m = computeMetrics(makeRun({
      initialEquity: '100', finalEquity: '100.9899',
      cycles: [cycle(day(0), 101), cycle(day(1), 102.01), cycle(day(2), 100.9899)],
    }));
    const perYear = 547.875;
    const mean = 0.01 / 3;
    const sd = Math.sqrt(((0.02 / 3) ** 2 * 2 + (0.04 / 3) ** 2) / 2);
    const downside = Math.sqrt(0.0001 / 3);
    expect(num(m, 'cycles_per_year')).toBeCloseTo(perYear, 9);
    expect(num(m, 'ann_volatility')).toBeCloseTo(sd * Math.sqrt(perYear), 9);
    expect(num(m, 'sharpe')).toBeCloseTo((mean / sd) * Math.sqrt(perYear), 6);
    expect(num(m, 'sortino')).toBeCloseTo((mean / downside) * Math.sqrt(perYear), 6);
    expect(num(m, 'cagr')).toBeCloseTo(1.009899 ** (365.25 / 2) - 1, 9);
  });

  it('win rate, profit factor and average R of three known trades', () => {
    const trades = [trade({ netPnl: 300, pnlR: 1.5 }), trade({ netPnl: -100, pnlR: -0.5 }), trade({ netPnl: 50, pnlR: 0.25 })];
    const m = computeMetrics(makeRun({ cycles: [cycle(day(0), 100000), cycle(day(1), 100250)], trades }));
    expect(num(m, 'win_rate')).toBeCloseTo(2 / 3, 15);
    expect(num(m, 'profit_factor')).toBeCloseTo(3.5, 15);
    expect(num(m, 'avg_r_per_trade')).toBeCloseTo(1.25 / 3, 15);
  });

  it('profit factor without a losing trade is n/a, not infinite', () => {
    const m = computeMetrics(makeRun({ cycles: [cycle(day(0), 1)], trades: [trade({ netPnl: 5 })] }));
    expect(value(m, 'profit_factor')).toBe(NA);
    expect(value(m, 'win_rate')).toBe(1);
  });

  it('exposure, slot use and cycles at the cap', () => {
    const cycles = [0, 1, 2, 2].map((p, i) => cycle(day(i), 100, { positions: p }));
    const m = computeMetrics(makeRun({ cycles, settings: { maxPositions: 2 } }));
    expect(value(m, 'exposure')).toBe(0.75);
    expect(value(m, 'slot_use_mean')).toBe(0.625);
    expect(value(m, 'cycles_at_cap')).toBe(2);
  });
});

describe('turnover', () => {
  it('replacing the whole book once in a year is 100 % one-way and 200 % gross', () => {
    const cycles = [cycle(T0, 100000), cycle(ONE_YEAR_LATER, 100000)];
    const fills = [
      fill({ cycleMs: T0, symbol: 'OLD', action: 'close', notional: 100000, openMs: T0 - DAY_MS }),
      fill({ cycleMs: T0, symbol: 'NEW', action: 'open', notional: 100000 }),
    ];
    const m = computeMetrics(makeRun({ cycles, fills }));
    expect(value(m, 'traded_notional')).toBe(200000);
    expect(value(m, 'mean_equity')).toBe(100000);
    expect(num(m, 'turnover_one_way_annual')).toBeCloseTo(1, 12);
    expect(num(m, 'turnover_gross_annual')).toBeCloseTo(2, 12);
  });

  it('name churn: the share of last cycle’s names gone, averaged over cycles that held any; end_of_data is not churn', () => {
    // held: t0 {A, B}; t1 {B, C} (A left: 1/2); t2 {B, C} (0); t3 {B, C} (end_of_data exits ignored: 0) → mean 1/6.
    const fills = [
      fill({ cycleMs: day(0), symbol: 'A', action: 'open' }), fill({ cycleMs: day(0), symbol: 'B', action: 'open' }),
      fill({ cycleMs: day(1), symbol: 'A', action: 'close', openMs: day(0), reason: 'below_floor' }),
      fill({ cycleMs: day(1), symbol: 'C', action: 'open' }),
      fill({ cycleMs: day(3), symbol: 'B', action: 'end_of_data', openMs: day(0) }),
      fill({ cycleMs: day(3), symbol: 'C', action: 'end_of_data', openMs: day(1) }),
    ];
    const m = computeMetrics(makeRun({ cycles: [0, 1, 2, 3].map((i) => cycle(day(i), 100)), fills }));
    expect(num(m, 'name_churn_mean')).toBeCloseTo(1 / 6, 15);
  });
});

describe('churn', () => {
  const cycles = [0, 1, 2, 3, 4, 5, 6].map((i) => cycle(day(i), 100));
  // A opened (decided day 0, filled day 1), swapped out (decided day 2, filled day 3), back in (decided day 4, filled day 5).
  const swapBack = [
    fill({ cycleMs: day(0), fillMs: day(1), symbol: 'A', action: 'open' }),
    fill({ cycleMs: day(2), fillMs: day(3), symbol: 'A', action: 'close', openMs: day(1), reason: 'swap_out' }),
    fill({ cycleMs: day(4), fillMs: day(5), symbol: 'A', action: 'open' }),
  ];

  it('a position swapped out and back within the window is one re-entry and one flip-flop', () => {
    const m = computeMetrics(makeRun({ cycles, fills: swapBack }));
    expect(value(m, 'reentries')).toBe(1);
    expect(value(m, 'flip_flops')).toBe(1);
  });

  it('outside the window (2 cycles apart, window 1) it is neither', () => {
    const m = computeMetrics(makeRun({ cycles, fills: swapBack, settings: { reentryWindowCycles: 1 } }));
    expect(value(m, 'reentries')).toBe(0);
    expect(value(m, 'flip_flops')).toBe(0);
  });

  it('a reopening after a stop is a re-entry but not a flip-flop; the other direction is not a flip-flop either', () => {
    const afterStop = [
      fill({ cycleMs: day(0), fillMs: day(1), symbol: 'A', action: 'open' }),
      fill({ cycleMs: day(2), fillMs: day(2), symbol: 'A', action: 'stop', openMs: day(1), reason: 'stop' }),
      fill({ cycleMs: day(3), fillMs: day(4), symbol: 'A', action: 'open' }),
      fill({ cycleMs: day(0), fillMs: day(1), symbol: 'B', action: 'open' }),
      fill({ cycleMs: day(2), fillMs: day(3), symbol: 'B', action: 'close', openMs: day(1), reason: 'swap_out' }),
      fill({ cycleMs: day(3), fillMs: day(4), symbol: 'B', action: 'open', side: 'sell' }),
    ];
    const m = computeMetrics(makeRun({ cycles, fills: afterStop }));
    expect(value(m, 'reentries')).toBe(2);
    expect(value(m, 'flip_flops')).toBe(0);
  });

  it('swaps and round trips per day over the calendar span', () => {
    const c = [cycle(day(0), 100, { swaps: 1 }), cycle(day(1), 100), cycle(day(2), 100)];
    const m = computeMetrics(makeRun({ cycles: c, trades: [trade(), trade(), trade()] }));
    expect(value(m, 'swaps_per_day')).toBe(0.5);
    expect(value(m, 'round_trips_per_day')).toBe(1.5);
  });

  it('holding-time median, p10, p90 (linear interpolation) and short holds (≤ 2 × min hold)', () => {
    const trades = [10, 20, 30, 40, 100].map((h) => trade({ holdingMinutes: h }));
    const m = computeMetrics(makeRun({ cycles: [cycle(day(0), 1)], trades, settings: { minHoldMinutes: 15 } }));
    expect(value(m, 'holding_minutes_median')).toBe(30);
    expect(num(m, 'holding_minutes_p10')).toBeCloseTo(14, 12); // index 0.4: 10 + 0.4 × 10
    expect(num(m, 'holding_minutes_p90')).toBeCloseTo(76, 12); // index 3.6: 40 + 0.6 × 60
    expect(value(m, 'short_holds')).toBe(3);
  });
});

describe('costs', () => {
  it('fees, slippage and funding in currency, in bp of mean equity per year, and as shares of gross PnL', () => {
    // gross before costs = Σ gross_pnl (900) + slippage (100) = 1000 → drags 5 %, 10 %, 5 %, 20 %.
    const cycles = [cycle(T0, 100000, { funding: 20 }), cycle(ONE_YEAR_LATER, 100000, { funding: 30 })];
    const fills = [
      fill({ cycleMs: T0, symbol: 'A', action: 'open', fee: 20, slippageCost: 40 }),
      fill({ cycleMs: ONE_YEAR_LATER, symbol: 'A', action: 'close', openMs: T0, fee: 30, slippageCost: 60 }),
    ];
    const trades = [trade({ grossPnl: 600 }), trade({ grossPnl: 300 })];
    const m = computeMetrics(makeRun({ cycles, fills, trades }));
    expect(value(m, 'fees')).toBe(50);
    expect(value(m, 'slippage')).toBe(100);
    expect(value(m, 'funding')).toBe(50);
    expect(num(m, 'fees_bp_per_year')).toBeCloseTo(5, 10);
    expect(num(m, 'slippage_bp_per_year')).toBeCloseTo(10, 10);
    expect(num(m, 'funding_bp_per_year')).toBeCloseTo(5, 10);
    expect(value(m, 'gross_pnl_before_costs')).toBe(1000);
    expect(value(m, 'cost_drag_fees')).toBe(0.05);
    expect(value(m, 'cost_drag_slippage')).toBe(0.1);
    expect(value(m, 'cost_drag_funding')).toBe(0.05);
    expect(value(m, 'cost_drag_total')).toBe(0.2);
  });

  it('money sums are exact (0.1 + 0.2 = 0.3)', () => {
    const fills = [fill({ cycleMs: T0, symbol: 'A', action: 'open', fee: 0.1 }), fill({ cycleMs: T0, symbol: 'B', action: 'open', fee: 0.2 })];
    expect(value(computeMetrics(makeRun({ cycles: [cycle(T0, 1)], fills })), 'fees')).toBe(0.3);
  });

  it('cost drag is n/a when gross PnL before costs is not positive', () => {
    const m = computeMetrics(makeRun({ cycles: [cycle(T0, 1)], trades: [trade({ grossPnl: -10 })] }));
    expect(value(m, 'cost_drag_total')).toBe(NA);
  });
});

describe('hysteresis', () => {
  const decisions = [
    decision(day(0), { kind: 'held', outcome: 'keep', reason: 'hysteresis_blocked', gap: -3 }),
    decision(day(0), { kind: 'new', outcome: 'reject', reason: 'hysteresis_blocked', gap: -3 }),
    decision(day(1), { kind: 'new', outcome: 'reject', reason: 'slot_cap' }),
    decision(day(1), { kind: 'new', outcome: 'reject', reason: 'slot_cap' }),
    decision(day(1), { kind: 'new', outcome: 'open', reason: 'winner' }),
    decision(day(1), { kind: 'held', outcome: 'close', reason: 'forced_cluster_cap' }),
  ];
  const cycles = [cycle(day(0), 1, { hysteresisBlocked: 2 }), cycle(day(1), 1, { swaps: 3 })];

  it('swaps made and blocked, blocked gaps, and rejections by reason', () => {
    const m = computeMetrics(makeRun({ cycles, decisions }));
    expect(value(m, 'swaps_made')).toBe(3);
    expect(value(m, 'swaps_blocked')).toBe(2);
    expect(value(m, 'blocked_gap_sum')).toBe(-6);
    expect(value(m, 'rejections_total')).toBe(3);
    expect(value(m, 'rejections_slot_cap')).toBe(2);
    expect(value(m, 'rejections_hysteresis_blocked')).toBe(1);
    expect(value(m, 'rejections_margin_cap')).toBe(0);
    expect(m.some((x) => x.key === 'rejections_winner')).toBe(false);
  });

  it('without decision totals the decision-based metrics are n/a', () => {
    const m = computeMetrics(makeRun({ cycles, decisions: null }));
    expect(value(m, 'blocked_gap_sum')).toBe(NA);
    expect(value(m, 'rejections_total')).toBe(NA);
    expect(value(m, 'rejections_slot_cap')).toBe(NA);
    expect(value(m, 'swaps_made')).toBe(3);
  });

  it('effective hurdle = threshold + entry − exit, and the formula says equal costs cancel', () => {
    const equal = computeMetrics(makeRun({ settings: { swapThreshold: 10, entryCost: 2, exitCost: 2 } }));
    expect(value(equal, 'effective_hurdle')).toBe(10);
    const unequal = computeMetrics(makeRun({ settings: { swapThreshold: 10, entryCost: 3, exitCost: 1 } }));
    expect(value(unequal, 'effective_hurdle')).toBe(12);
    expect(unequal.find((x) => x.key === 'effective_hurdle')?.formula).toContain('with equal entry and exit costs the costs cancel');
  });
});

describe('conventions', () => {
  const everyValueIsClean = (metrics: readonly Metric[]): void => {
    for (const metric of metrics) {
      if (typeof metric.value === 'number') expect(Number.isFinite(metric.value), metric.key).toBe(true);
      else expect(metric.value === NA || ['yes', 'no'].includes(metric.value), metric.key).toBe(true);
    }
  };

  it('a run with no cycles, fills or trades has no NaN: counts and sums 0, ratios n/a', () => {
    const m = computeMetrics(makeRun());
    everyValueIsClean(m);
    expect(value(m, 'trades')).toBe(0);
    expect(value(m, 'fees')).toBe(0);
    expect(value(m, 'reentries')).toBe(0);
    for (const key of ['win_rate', 'profit_factor', 'avg_r_per_trade', 'sharpe', 'cagr', 'holding_minutes_median', 'turnover_one_way_annual', 'name_churn_mean', 'swaps_per_day', 'cost_drag_total', 'exposure']) {
      expect(value(m, key), key).toBe(NA);
    }
  });

  it('a single-cycle run without trades is clean too', () => {
    everyValueIsClean(computeMetrics(makeRun({ cycles: [cycle(T0, 100000)] })));
  });

  it('a bankrupt path (equity to 0 and below) stays finite', () => {
    const m = computeMetrics(makeRun({ initialEquity: '100', finalEquity: '-5', cycles: [cycle(day(0), 50), cycle(day(1), 0), cycle(day(2), -5)] }));
    everyValueIsClean(m);
    expect(value(m, 'cagr')).toBe(-1);
  });

  it('keys are unique snake_case and formulas fit in a Markdown table cell', () => {
    const m = computeMetrics(makeRun({ cycles: [cycle(T0, 1)] }));
    expect(new Set(m.map((x) => x.key)).size).toBe(m.length);
    for (const metric of m) {
      expect(metric.key).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(metric.formula).not.toMatch(/[|`\n]/);
      expect(metric.formula.length).toBeGreaterThan(0);
    }
  });

  it('summary.json has every key in metric order, whatever the data', () => {
    const a = computeMetrics(makeRun());
    const b = computeMetrics(makeRun({ cycles: [cycle(T0, 1), cycle(day(1), 2)], trades: [trade({ netPnl: 1 })] }));
    expect(Object.keys(summaryJson(a))).toEqual(a.map((x) => x.key));
    expect(Object.keys(summaryJson(b))).toEqual(Object.keys(summaryJson(a)));
    expect(summaryJson(b).net_pnl).toBe(metricValue(b, 'net_pnl'));
  });
});
