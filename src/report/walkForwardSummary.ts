// Walk-forward in words: whether the parameters chosen in sample held up out of sample, and which were chosen.

import { gridValueText as valueText, isConditionAxis, type GridPoint, type MetricCell, type WalkForwardFold } from '../io/sweepReader.js';
import { money, percent } from './format.js';

const DAY_MS = 86_400_000;

function num(value: MetricCell | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Days of a sample window. */
export function windowDays(sample: { readonly startMs: number; readonly endMs: number }): number {
  return (sample.endMs - sample.startMs) / DAY_MS;
}

/** The conditions of the folds in order of first appearance (walk_forward.csv lists them in grid order). */
export function conditionsOf(folds: readonly WalkForwardFold[]): string[] {
  return [...new Set(folds.map((f) => f.condition))];
}

/**
 * The out-of-sample net PnL summed over folds against what the same points earned in sample per day, scaled to
 * the out-of-sample days (in-sample windows grow fold by fold, so raw sums are not comparable).
 */
function paceOf(folds: readonly WalkForwardFold[]): { actual: number; expected: number; used: number } {
  let actual = 0;
  let expected = 0;
  let used = 0;
  for (const f of folds) {
    const is = num(f.inSample.metrics.net_pnl);
    const oos = num(f.outOfSample.metrics.net_pnl);
    const isDays = windowDays(f.inSample);
    if (f.bestPointId === null || is === null || oos === null || !(isDays > 0)) continue;
    actual += oos;
    expected += (is / isDays) * windowDays(f.outOfSample);
    used++;
  }
  return { actual, expected, used };
}

/** How the out-of-sample result compares with the in-sample pace, after `, ` (share given) or `: ` (none). */
function heldUpText(actual: number, expected: number): string {
  if (expected > 0) {
    const share = actual / expected;
    const verdict = share >= 0.8 ? 'they held up out of sample' : share > 0 ? 'they held up only partly out of sample' : 'they did not hold up out of sample';
    return `, ${percent(share, 0)} of it: ${verdict}`;
  }
  return actual > 0 ? ': they lost money in sample, yet made money out of sample' : ': they lost money in sample and out of sample';
}

const foldCount = (n: number): string => `${n} fold${n === 1 ? '' : 's'}`;

/**
 * Whether the chosen parameters held up out of sample. With several conditions each is judged on its own:
 * summing across fees or seeds would mix costs and slippage draws the user cannot choose between.
 */
export function verdictOf(folds: readonly WalkForwardFold[]): string {
  const labels = conditionsOf(folds);
  if (labels.length > 1) {
    const perCondition = labels.map((label) => {
      const { actual, expected, used } = paceOf(folds.filter((f) => f.condition === label));
      if (used === 0) return `At ${label}: no fold has both an in-sample and an out-of-sample net PnL.`;
      return `At ${label}: ${money(actual)} over ${foldCount(used)} against ${money(expected)} expected${heldUpText(actual, expected)}.`;
    });
    return [
      'Costs and the seed are conditions, not choices, so each condition is judged on its own: the out-of-sample net PnL of the parameters chosen at that condition, '
        + 'against what they made at their in-sample pace (in-sample net PnL per day × out-of-sample days).',
      ...perCondition,
    ].join(' ');
  }
  const { actual, expected, used } = paceOf(folds);
  if (used === 0) return 'No fold has both an in-sample and an out-of-sample net PnL, so the report cannot say whether the chosen parameters held up out of sample.';
  const base = `Out of sample the chosen parameters made a net PnL of ${money(actual)} over ${foldCount(used)}, against ${money(expected)} expected at their in-sample pace (in-sample net PnL per day × out-of-sample days)`;
  return `${base}${heldUpText(actual, expected)}.`;
}

/** The choice axes' values of a point (`risk.auction_swap_threshold = 10`), its id when it has none or is not in the plan. */
function choiceParams(id: string, points: readonly GridPoint[]): string {
  const point = points.find((p) => p.id === id);
  const chosen = point?.values.filter((v) => !isConditionAxis(v.key)) ?? [];
  return point === undefined || chosen.length === 0 ? id : chosen.map((v) => `${v.key} = ${valueText(v.value)}`).join(', ');
}

const NOTHING_CHOSEN = 'nothing (no finished in-sample run)';

/** One condition's choices fold by fold, consecutive folds with the same choice run together: `x in folds 1, 2, then y in fold 3`. */
function conditionChoiceText(folds: readonly WalkForwardFold[], points: readonly GridPoint[]): string {
  const runs: { what: string; folds: number[] }[] = [];
  for (const f of [...folds].sort((a, b) => a.fold - b.fold || a.line - b.line)) {
    const what = f.bestPointId === null ? NOTHING_CHOSEN : choiceParams(f.bestPointId, points);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.what === what) last.folds.push(f.fold);
    else runs.push({ what, folds: [f.fold] });
  }
  if (runs.length === 1 && runs[0] !== undefined && runs[0].what !== NOTHING_CHOSEN) return `${runs[0].what} in every fold`;
  return runs.map((r) => `${r.what} in fold${r.folds.length === 1 ? '' : 's'} ${r.folds.join(', ')}`).join(', then ');
}

export function choiceOf(folds: readonly WalkForwardFold[], points: readonly GridPoint[]): string {
  const labels = conditionsOf(folds);
  if (labels.length > 1) {
    const everyAxisACondition = points.every((p) => p.values.every((v) => isConditionAxis(v.key)));
    if (everyAxisACondition) {
      return 'Every axis of the grid is a condition (a cost or the seed), so there was nothing to choose: each condition’s one point was replayed out of sample in every fold.';
    }
    const perCondition = labels.map((label) => `At ${label}: ${conditionChoiceText(folds.filter((f) => f.condition === label), points)}.`);
    return ['The choice axes were ranked within each condition.', ...perCondition].join(' ');
  }
  const chosen = folds.map((f) => f.bestPointId).filter((id): id is string => id !== null);
  const distinct = [...new Set(chosen)];
  const missing = folds.length - chosen.length;
  const none = missing > 0 ? ` ${missing} fold${missing === 1 ? '' : 's'} had no finished in-sample run to choose from.` : '';
  if (distinct.length === 0) return `No point was chosen in any fold.${none}`;
  if (distinct.length === 1) return `The same point, ${distinct[0]}, was chosen in every fold${missing > 0 ? ' that chose one' : ''}.${none}`;
  return `The choice changed between folds: ${distinct.length} different points over ${chosen.length} folds.${none}`;
}
