// A scenario's `sweep:` section, and which dotted keys (`risk.x`, `sim.y`, `seed`) name a setting one can set or sweep.

import * as z from 'zod';
import { riskKeySpec } from './allocatorConfig.js';
import { asSection, checkField, describeValue, joinField, reportUnknownKeys, type FieldSpec } from './configFields.js';
import type { InputIssue } from './inputError.js';
import { simKeySpec } from './simConfig.js';
import { issueAt, toPlain, type LocatedNode } from './yamlLocations.js';

export type SweepValue = number | string | boolean | null;

export interface ScenarioSweep {
  /** In the order written; the run is their Cartesian product. */
  readonly grid: ReadonlyArray<{ readonly key: string; readonly values: readonly SweepValue[] }>;
  readonly walkForwardFolds?: number;
  readonly rankBy?: string;
}

export const SEED_SPEC: FieldSpec<number> = { schema: z.int().min(0), expected: 'an integer ≥ 0' };

/** The rule for a dotted setting key (`risk.auction_swap_threshold`, `sim.fee_bps`, `seed`), if it names one. */
export function settingKeySpec(key: string): FieldSpec | undefined {
  if (key === 'seed') return SEED_SPEC;
  const parts = key.split('.');
  if (parts.length !== 2) return undefined;
  const [section, name] = parts as [string, string];
  if (section === 'risk') return riskKeySpec(name);
  if (section === 'sim') return simKeySpec(name);
  return undefined;
}

const SWEEP_KEYS = ['grid', 'walk_forward_folds', 'rank_by'];
// With one fold there is nothing before it to rank on.
const FOLDS: FieldSpec<number> = { schema: z.int().min(2), expected: 'an integer ≥ 2' };
const RANK_BY: FieldSpec<string> = { schema: z.string().trim().min(1), expected: 'a metric name' };

/** Reads `sweep:`; every grid value is checked by its key's own rule, so a bad point fails at load. */
export function readSweep(node: LocatedNode, issues: InputIssue[]): ScenarioSweep | undefined {
  const section = asSection(node, 'sweep', issues);
  if (section === undefined) return undefined;
  reportUnknownKeys(section, SWEEP_KEYS, 'sweep', issues);
  const grid: Array<{ key: string; values: SweepValue[] }> = [];
  let walkForwardFolds: number | undefined;
  let rankBy: string | undefined;
  for (const entry of section.entries) {
    const field = joinField('sweep', entry.key);
    if (entry.key === 'walk_forward_folds') walkForwardFolds = checkField(entry.value, FOLDS, field, issues);
    else if (entry.key === 'rank_by') rankBy = checkField(entry.value, RANK_BY, field, issues);
    else if (entry.key === 'grid') {
      const gridMap = asSection(entry.value, field, issues, 'a map of setting: [values]');
      for (const axis of gridMap?.entries ?? []) {
        const values = readAxis(axis.key, axis.value, axis.keyWhere, issues);
        if (values !== undefined) grid.push({ key: axis.key, values });
      }
    }
  }
  return {
    grid,
    ...(walkForwardFolds !== undefined ? { walkForwardFolds } : {}),
    ...(rankBy !== undefined ? { rankBy } : {}),
  };
}

function readAxis(
  key: string,
  node: LocatedNode,
  keyWhere: LocatedNode['where'],
  issues: InputIssue[],
): SweepValue[] | undefined {
  const field = `sweep.grid.${key}`;
  const spec = settingKeySpec(key);
  if (spec === undefined) {
    issues.push(issueAt(keyWhere, field, 'not a setting to sweep (expected risk.<key>, sim.<key> or seed)'));
    return undefined;
  }
  if (node.kind !== 'seq' || node.items.length === 0) {
    issues.push(issueAt(node.where, field, `expected a non-empty list of values, was ${describeValue(toPlain(node))}`));
    return undefined;
  }
  const values: SweepValue[] = [];
  const before = issues.length;
  node.items.forEach((item, i) => {
    const itemField = `${field}[${i}]`;
    if (item.kind !== 'scalar') {
      issues.push(issueAt(item.where, itemField, `expected ${spec.expected}, was ${describeValue(toPlain(item))}`));
      return;
    }
    if (checkField(item, spec, itemField, issues) === undefined) return;
    // Two equal values would be one point run twice under two names.
    if (values.includes(item.value)) {
      issues.push(issueAt(item.where, itemField, `repeats the value ${describeValue(item.value)}`));
      return;
    }
    values.push(item.value);
  });
  return issues.length === before ? values : undefined;
}
