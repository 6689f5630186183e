// Checking config values against zod schemas, with every problem reported at its YAML node as `expected …, was …`.

import * as z from 'zod';
import type { InputIssue } from './inputError.js';
import { issueAt, nodeAt, toPlain, type LocatedEntry, type LocatedMap, type LocatedNode } from './yamlLocations.js';

/** One config key's rule: the schema, and the words a user reads when the value breaks it. */
export interface FieldSpec<T = unknown> {
  readonly schema: z.ZodType<T>;
  /** What is expected, e.g. `a number ≥ 0`; messages read `expected <this>, was <value>`. */
  readonly expected: string;
}

/** Rules several sections share. */
export const NON_NEGATIVE: FieldSpec<number> = { schema: z.number().min(0), expected: 'a number ≥ 0' };
export const POSITIVE: FieldSpec<number> = { schema: z.number().gt(0), expected: 'a number > 0' };
export const FINITE: FieldSpec<number> = { schema: z.number(), expected: 'a finite number' };
export const INTEGER_AT_LEAST_1: FieldSpec<number> = { schema: z.int().min(1), expected: 'an integer ≥ 1' };
export const INTEGER_AT_LEAST_0: FieldSpec<number> = { schema: z.int().min(0), expected: 'an integer ≥ 0' };
export const BOOLEAN: FieldSpec<boolean> = { schema: z.boolean(), expected: 'true or false' };

/** The value as a user would write it, for `was …`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  return String(value);
}

/** `prefix.key`, or `key` at the top. */
export function joinField(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/**
 * Checks one value; returns the parsed value, or undefined after pushing one issue per offending
 * node (a map's bad entry is reported at that entry, named `field.entry`).
 */
export function checkField<T>(node: LocatedNode, spec: FieldSpec<T>, field: string, issues: InputIssue[]): T | undefined {
  const result = spec.schema.safeParse(toPlain(node));
  if (result.success) return result.data;
  const seen = new Set<string>();
  for (const zi of result.error.issues) {
    const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
    const sub = nodeAt(node, path);
    const subField = path.reduce<string>((f, p) => (typeof p === 'number' || p === '' ? `${f}[${JSON.stringify(p)}]` : `${f}.${p}`), field);
    if (seen.has(subField)) continue;
    seen.add(subField);
    if (zi.code === 'invalid_key') {
      // A bad map key: point at the key itself.
      const entry = findEntryByPath(node, path);
      issues.push(issueAt(entry?.keyWhere ?? sub.where, subField, `expected ${spec.expected}, key was ${describeValue(path.at(-1))}`));
      continue;
    }
    issues.push(issueAt(sub.where, subField, `expected ${spec.expected}, was ${describeValue(toPlain(sub))}`));
  }
  return undefined;
}

function findEntryByPath(node: LocatedNode, path: readonly (string | number)[]): LocatedEntry | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAt(node, path.slice(0, -1));
  return parent.kind === 'map' ? parent.entries.find((e) => e.key === String(path.at(-1))) : undefined;
}

/**
 * The node as a map section; pushes `expected a map` otherwise. A section left empty (`risk:`)
 * is an empty map, so defaults apply.
 */
export function asSection(node: LocatedNode, field: string, issues: InputIssue[], expected = 'a map'): LocatedMap | undefined {
  if (node.kind === 'map') return node;
  if (node.kind === 'scalar' && node.value === null) return { kind: 'map', entries: [], where: node.where };
  issues.push(issueAt(node.where, field, `expected ${expected}, was ${describeValue(toPlain(node))}`));
  return undefined;
}

/** Pushes an issue at every key of `map` not in `known`, suggesting the nearest known key. */
export function reportUnknownKeys(map: LocatedMap, known: readonly string[], prefix: string, issues: InputIssue[]): void {
  for (const e of map.entries) {
    if (known.includes(e.key)) continue;
    const near = nearest(e.key, known);
    const hint = near !== undefined ? ` (did you mean ${near}?)` : '';
    issues.push(issueAt(e.keyWhere, joinField(prefix, e.key), `unknown key${hint}`));
  }
}

/** The known key within a few edits of `key`, if exactly one is nearest. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const k of known) {
    const d = editDistance(key, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Issues in reading order: by file position; those without a line (flags) keep their order, last. */
export function sortIssues(issues: readonly InputIssue[]): InputIssue[] {
  const order = new Map(issues.map((issue, i) => [issue, i]));
  return [...issues].sort((a, b) => {
    const la = a.line ?? Number.POSITIVE_INFINITY;
    const lb = b.line ?? Number.POSITIVE_INFINITY;
    if (la !== lb) return la - lb;
    const ca = a.column ?? 0;
    const cb = b.column ?? 0;
    return ca !== cb ? ca - cb : order.get(a)! - order.get(b)!;
  });
}
