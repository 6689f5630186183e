// Decision totals: the writer's running tally, its file, and the reader's checks of that file.

import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/allocator/types.js';
import { decisionStatsJson, DecisionTotals, parseDecisionStats } from '../../src/io/decisionTotals.js';

const TERMS = { base: 50, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: 2 };

function aDecision(over: Partial<Decision>): Decision {
  return { kind: 'new', id: 'C1', symbol: 'AAA', outcome: 'reject', reason: 'slot_cap', value: 50, swapValue: 50, terms: TERMS, ...over };
}

describe('DecisionTotals', () => {
  it('counts every decision, rejections of new candidates by reason, and gaps of blocked swaps only', () => {
    const totals = new DecisionTotals();
    for (const d of [
      aDecision({}),
      aDecision({ id: 'C2', reason: 'slot_cap' }),
      aDecision({ id: 'C3', reason: 'hysteresis_blocked', partnerId: 'H1', gap: -2.5 }),
      aDecision({ id: 'C4', reason: 'hysteresis_blocked' }),
      // A held position rejected is not a candidate rejection; a swap's gap is not a blocked gap.
      aDecision({ kind: 'held', id: 'H1', outcome: 'keep', reason: 'winner' }),
      aDecision({ id: 'C5', outcome: 'open', reason: 'swap_in', partnerId: 'H2', gap: 7 }),
    ]) totals.add(d);
    expect(totals.stats()).toEqual({
      decisions: 6,
      rejectedByReason: { slot_cap: 2, hysteresis_blocked: 2 },
      blockedGapSum: -2.5,
      blockedWithGap: 1,
    });
  });

  it('writes its file with reasons in code order and reads it back unchanged', () => {
    const totals = new DecisionTotals();
    totals.add(aDecision({ reason: 'symbol_cap' }));
    totals.add(aDecision({ reason: 'cluster_cap' }));
    totals.add(aDecision({ reason: 'hysteresis_blocked', gap: -0.1 }));
    const text = decisionStatsJson(totals.stats());
    expect(Object.keys(JSON.parse(text).rejected_by_reason)).toEqual(['hysteresis_blocked', 'cluster_cap', 'symbol_cap']);
    expect(parseDecisionStats(JSON.parse(text))).toEqual(totals.stats());
  });

  it('names every bad field of a decision_stats.json at once', () => {
    const parsed = parseDecisionStats({ decisions: -1, rejected_by_reason: { nope: 2, slot_cap: 0 }, blocked_gap_sum: 'x', blocked_with_gap: 1.5 });
    expect('problems' in parsed ? parsed.problems.map((p) => p.field) : []).toEqual([
      'decisions', 'blocked_with_gap', 'blocked_gap_sum', 'rejected_by_reason.nope', 'rejected_by_reason.slot_cap',
    ]);
    expect(parseDecisionStats([])).toEqual({ problems: [{ field: '(root)', message: 'expected a JSON object' }] });
  });
});
