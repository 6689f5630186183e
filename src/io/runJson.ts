// The JSON parts of a run folder: manifest.json (checked field by field) and decisions.jsonl.gz (one decision a line).

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { DEFAULT_ALLOCATOR_SETTINGS } from '../allocator/settings.js';
import type { DecisionKind, Outcome, ReasonCode, ValueTerms } from '../allocator/types.js';
import { REASON_CODES } from '../allocator/types.js';
import { DEFAULT_SIM_SETTINGS } from '../sim/settings.js';
import { DecisionTotals } from './decisionTotals.js';
import { parseDecimal, parseIsoMs, type IssueCollector } from './runRows.js';
import type { DecisionRow, DecisionStats, InputRole, Policy, RunInput, RunManifest, RunSettings } from './runTypes.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TERM_KEYS = ['base', 'pnlBonus', 'trendBonus', 'timeDecayPenalty', 'directionPenalty', 'clusterPenalty', 'correlationPenalty', 'cost'] as const;

/** Checks one decision object; returns the problem or the row. */
export function toDecision(value: unknown): DecisionRow | string {
  if (!isRecord(value)) return 'expected a JSON object';
  const { ts, kind, id, symbol, outcome, reason, value: v, swapValue, terms, partnerId, gap } = value;
  const tsMs = typeof ts === 'string' ? parseIsoMs(ts) : undefined;
  if (typeof ts !== 'string' || tsMs === undefined) return `ts: expected an ISO-8601 UTC timestamp, was ${JSON.stringify(ts)}`;
  if (kind !== 'held' && kind !== 'new') return `kind: expected held or new, was ${JSON.stringify(kind)}`;
  if (typeof id !== 'string' || typeof symbol !== 'string') return 'id, symbol: expected strings';
  if (!['keep', 'open', 'close', 'reject'].includes(outcome as string)) return `outcome: expected keep, open, close or reject, was ${JSON.stringify(outcome)}`;
  if (!(REASON_CODES as readonly unknown[]).includes(reason)) return `reason: expected a reason code, was ${JSON.stringify(reason)}`;
  if (typeof v !== 'number' || typeof swapValue !== 'number') return 'value, swapValue: expected numbers';
  if (!isRecord(terms) || !TERM_KEYS.every((key) => typeof terms[key] === 'number')) return `terms: expected numbers ${TERM_KEYS.join(', ')}`;
  if (partnerId !== undefined && partnerId !== null && typeof partnerId !== 'string') return 'partnerId: expected a string';
  if (gap !== undefined && gap !== null && typeof gap !== 'number') return 'gap: expected a number';
  const termValues = Object.fromEntries(TERM_KEYS.map((key) => [key, terms[key]])) as unknown as ValueTerms;
  return {
    ts, tsMs, kind: kind as DecisionKind, id, symbol, outcome: outcome as Outcome, reason: reason as ReasonCode,
    value: v, swapValue, terms: termValues,
    ...(typeof partnerId === 'string' ? { partnerId } : {}),
    ...(typeof gap === 'number' ? { gap } : {}),
  };
}

/** The totals of a list of decisions (for callers that already hold rows, such as tests). */
export function summariseDecisions(rows: Iterable<DecisionRow>): DecisionStats {
  const totals = new DecisionTotals();
  for (const row of rows) totals.add(row);
  return totals.stats();
}

/** A held position kept as an auction winner, as the run writer serialises it. */
const KEPT_WINNER = /^\{"ts":"[^"]*","kind":"held","id":"(?:[^"\\]|\\.)*","symbol":"(?:[^"\\]|\\.)*","outcome":"keep","reason":"(winner|locked)",/;

/**
 * Streams decisions.jsonl.gz line by line (it holds every decision of every cycle: far too big for one
 * string on long runs), checks each line, and keeps only the totals the reports use.
 * Gzip files of several members (one per flushed chunk) are read as one stream.
 */
export async function readDecisionStats(file: string, issues: IssueCollector): Promise<DecisionStats> {
  const totals = new DecisionTotals();
  const gunzip = createGunzip();
  const lines = createInterface({ input: createReadStream(file).pipe(gunzip), crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim().length === 0) continue;
      // Most lines are held positions kept as winners: they count, and add to no total, so a long run
      // need not parse millions of them. The writer puts kind, outcome and reason in this fixed order.
      if (KEPT_WINNER.test(line) && line.endsWith('}')) {
        totals.decisions++;
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        issues.add({ file, line: lineNo, message: `malformed JSON: ${(error as Error).message}` });
        continue;
      }
      const decision = toDecision(parsed);
      if (typeof decision === 'string') issues.add({ file, line: lineNo, message: decision });
      else totals.add(decision);
    }
  } catch (error) {
    issues.add({ file, ...(lineNo > 0 ? { line: lineNo + 1 } : {}), message: `not a readable gzip file: ${(error as Error).message}` });
  }
  return totals.stats();
}

/** Checks the manifest's shape; collects every problem under the manifest's file name. */
export function toManifest(file: string, raw: unknown, issues: IssueCollector): RunManifest {
  const fail = (field: string, message: string): void => issues.add({ file, field, message });
  const root = isRecord(raw) ? raw : {};
  if (!isRecord(raw)) fail('(root)', 'expected a JSON object');
  const str = (obj: Record<string, unknown>, key: string, path: string): string => {
    const value = obj[key];
    if (typeof value !== 'string') fail(path, `expected a string, was ${JSON.stringify(value)}`);
    return typeof value === 'string' ? value : '';
  };
  const num = (obj: Record<string, unknown>, key: string, path: string): number => {
    const value = obj[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `expected a number, was ${JSON.stringify(value)}`);
    return typeof value === 'number' ? value : 0;
  };
  const policy = root.policy;
  if (policy !== 'auction' && policy !== 'baseline') fail('policy', `expected auction or baseline, was ${JSON.stringify(policy)}`);
  const scenario = isRecord(root.scenario) ? root.scenario : {};
  const risk = isRecord(scenario.risk) ? scenario.risk : {};
  const sim = isRecord(scenario.sim) ? scenario.sim : {};
  if (!isRecord(scenario.risk) || !isRecord(scenario.sim)) fail('scenario', 'expected an object with risk and sim objects');
  const inputs: RunInput[] = [];
  if (!Array.isArray(root.inputs)) fail('inputs', 'expected an array');
  else root.inputs.forEach((input: unknown, i) => {
    const obj = isRecord(input) ? input : {};
    const role = obj.role;
    if (!['prices', 'signals', 'funding', 'marks'].includes(role as string)) fail(`inputs[${i}].role`, `expected prices, signals, funding or marks, was ${JSON.stringify(role)}`);
    inputs.push({ role: role as InputRole, path: str(obj, 'path', `inputs[${i}].path`), sha256: str(obj, 'sha256', `inputs[${i}].sha256`) });
  });
  const result = isRecord(root.result) ? root.result : {};
  if (!isRecord(root.result)) fail('result', 'expected an object');
  const money = (key: string): string => {
    const value = str(result, key, `result.${key}`);
    if (value !== '' && parseDecimal(value) === undefined) fail(`result.${key}`, `expected a decimal string, was ${JSON.stringify(value)}`);
    return value;
  };
  const stamp = (key: string): string => {
    const value = str(result, key, `result.${key}`);
    if (value !== '' && parseIsoMs(value) === undefined) fail(`result.${key}`, `expected an ISO-8601 UTC timestamp, was ${JSON.stringify(value)}`);
    return value;
  };
  if (typeof result.bankrupt !== 'boolean') fail('result.bankrupt', `expected true or false, was ${JSON.stringify(result.bankrupt)}`);
  return {
    name: str(root, 'name', 'name'), policy: policy as Policy, seed: num(root, 'seed', 'seed'),
    packageVersion: str(root, 'package_version', 'package_version'), scenario: { risk, sim }, inputs,
    result: {
      cycles: num(result, 'cycles', 'result.cycles'), firstTs: stamp('first_ts'), lastTs: stamp('last_ts'),
      bankrupt: result.bankrupt === true, unfilledOrders: num(result, 'unfilled_orders', 'result.unfilled_orders'),
      initialEquity: money('initial_equity'), finalEquity: money('final_equity'),
    },
  };
}

export function toSettings(file: string, manifest: RunManifest, issues: IssueCollector): RunSettings {
  const pick = (section: 'risk' | 'sim', key: string, fallback: number): number => {
    const value = manifest.scenario[section][key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      issues.add({ file, field: `scenario.${section}.${key}`, message: `expected a number ≥ 0, was ${JSON.stringify(value)}` });
      return fallback;
    }
    return value;
  };
  const d = DEFAULT_ALLOCATOR_SETTINGS;
  return {
    maxPositions: pick('risk', 'auction_max_positions', d.limits.maxPositions),
    swapThreshold: pick('risk', 'auction_swap_threshold', d.swapThreshold),
    entryCost: pick('risk', 'auction_entry_cost', d.entryCost),
    exitCost: pick('risk', 'auction_exit_cost', d.exitCost),
    minHoldMinutes: pick('risk', 'auction_min_hold_minutes', d.minHoldMinutes),
    reentryWindowCycles: pick('sim', 'reentry_window_cycles', DEFAULT_SIM_SETTINGS.reentryWindowCycles),
  };
}
