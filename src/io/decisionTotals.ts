// Decision totals: what the reports need of every decision (counts, rejections by reason, blocked gaps), kept as they pass.

import type { Decision, ReasonCode } from '../allocator/types.js';
import { REASON_CODES } from '../allocator/types.js';
import type { DecisionStats } from './runTypes.js';

/** The file a run writes its decision totals to, so reports need not stream millions of decision lines back. */
export const DECISION_STATS_FILE = 'decision_stats.json';

/** Running totals of decisions, in the order they were made (the gap sum is order-dependent in floating point). */
export class DecisionTotals {
  decisions = 0;
  blockedGapSum = 0;
  blockedWithGap = 0;
  private readonly rejected = new Int32Array(REASON_CODES.length);
  private static readonly codeIndex = new Map<string, number>(REASON_CODES.map((code, i) => [code, i]));

  add(d: Decision): void {
    this.decisions++;
    if (d.kind === 'new' && d.outcome === 'reject') this.rejected[DecisionTotals.codeIndex.get(d.reason)!]! += 1;
    if (d.reason === 'hysteresis_blocked' && d.gap !== undefined) {
      this.blockedGapSum += d.gap;
      this.blockedWithGap++;
    }
  }

  stats(): DecisionStats {
    const rejectedByReason: Partial<Record<ReasonCode, number>> = {};
    REASON_CODES.forEach((code, i) => {
      if (this.rejected[i]! > 0) rejectedByReason[code] = this.rejected[i]!;
    });
    return { decisions: this.decisions, rejectedByReason, blockedGapSum: this.blockedGapSum, blockedWithGap: this.blockedWithGap };
  }
}

/** decision_stats.json's text: snake_case keys, reasons in REASON_CODES order, so reruns are byte-identical. */
export function decisionStatsJson(stats: DecisionStats): string {
  const rejected: Record<string, number> = {};
  for (const code of REASON_CODES) {
    const n = stats.rejectedByReason[code];
    if (n !== undefined) rejected[code] = n;
  }
  const body = {
    decisions: stats.decisions,
    rejected_by_reason: rejected,
    blocked_gap_sum: stats.blockedGapSum,
    blocked_with_gap: stats.blockedWithGap,
  };
  return JSON.stringify(body, null, 2) + '\n';
}

/** Checks decision_stats.json's shape; returns the stats or the problems, each naming its field. */
export function parseDecisionStats(raw: unknown): DecisionStats | { readonly problems: readonly { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (obj === null) return { problems: [{ field: '(root)', message: 'expected a JSON object' }] };
  const count = (key: string): number => {
    const v = obj[key];
    if (!(Number.isInteger(v) && (v as number) >= 0)) problems.push({ field: key, message: `expected an integer ≥ 0, was ${JSON.stringify(v)}` });
    return typeof v === 'number' ? v : 0;
  };
  const decisions = count('decisions');
  const blockedWithGap = count('blocked_with_gap');
  const gapSum = obj.blocked_gap_sum;
  if (!(typeof gapSum === 'number' && Number.isFinite(gapSum))) {
    problems.push({ field: 'blocked_gap_sum', message: `expected a finite number, was ${JSON.stringify(gapSum)}` });
  }
  const rejectedRaw = obj.rejected_by_reason;
  const rejectedByReason: Partial<Record<ReasonCode, number>> = {};
  if (typeof rejectedRaw !== 'object' || rejectedRaw === null || Array.isArray(rejectedRaw)) {
    problems.push({ field: 'rejected_by_reason', message: 'expected an object of reason code to count' });
  } else {
    for (const [code, n] of Object.entries(rejectedRaw)) {
      if (!(REASON_CODES as readonly string[]).includes(code)) {
        problems.push({ field: `rejected_by_reason.${code}`, message: 'expected a reason code' });
      } else if (!(Number.isInteger(n) && (n as number) > 0)) {
        problems.push({ field: `rejected_by_reason.${code}`, message: `expected an integer ≥ 1, was ${JSON.stringify(n)}` });
      } else {
        rejectedByReason[code as ReasonCode] = n as number;
      }
    }
  }
  if (problems.length > 0) return { problems };
  return { decisions, rejectedByReason, blockedGapSum: gapSum as number, blockedWithGap };
}
