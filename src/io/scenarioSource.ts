// A scenario's `data:` entries: each CSV source (a path, or a map of path and reading options), checked and resolved.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { asSection, checkField, joinField, POSITIVE, reportUnknownKeys, type FieldSpec } from './configFields.js';
import type { InputIssue } from './inputError.js';
import type { CsvSource } from './csvSource.js';
import { parseUtcOffsetMs } from './timestamps.js';
import { issueAt, type LocatedNode } from './yamlLocations.js';

/** One input file as the CSV reader needs it: the reader's own source type, so the two cannot drift apart. */
export type ScenarioSource = CsvSource;

export type SourceKind = 'prices' | 'marks' | 'signals' | 'funding';

const PRICE_COLUMNS = ['ts', 'symbol', 'open', 'high', 'low', 'close', 'volume', 'adjusted_close'];

/** The canonical columns a `columns:` map may rename, per kind (simulator.md §1). */
export const SOURCE_COLUMNS: Readonly<Record<SourceKind, readonly string[]>> = {
  prices: PRICE_COLUMNS,
  // Marks are bars like prices; `mark` names a single mark-price column.
  marks: [...PRICE_COLUMNS, 'mark'],
  signals: ['ts', 'symbol', 'direction', 'score', 'regime', 'setup_type', 'stop_distance_pct', 'id', 'take_profit_r'],
  funding: ['ts', 'symbol', 'rate'],
};

/** What the CSV reader takes from a folder (csvSource.ts): its `*.csv` and `*.csv.gz` files. */
const CSV_NAME = /\.csv(\.gz)?$/i;

const SOURCE_KEYS = ['path', 'columns', 'utc_offset', 'adjust', 'symbol_pattern', 'ts_label', 'bar_minutes', 'round_ts_minutes'];

const PATH: FieldSpec<string> = { schema: z.string().trim().min(1), expected: 'a file path' };
const UTC_OFFSET: FieldSpec<string> = {
  // The CSV reader's own parser decides, so the scenario accepts exactly what it reads.
  schema: z.string().refine((s) => !Number.isNaN(parseUtcOffsetMs(s))),
  expected: 'a UTC offset in quotes, like "+03:00", "-05:30" or "Z"',
};
// Unknown canonical names are reported apart (per kind), so this checks only the file's names.
const COLUMN_NAMES: FieldSpec<Record<string, string>> = {
  schema: z.record(z.string(), z.string().min(1)),
  expected: 'a column name of the file',
};
const ADJUST: FieldSpec<'adjusted_close'> = { schema: z.literal('adjusted_close'), expected: 'adjusted_close' };
const TS_LABEL: FieldSpec<'close' | 'open'> = { schema: z.enum(['close', 'open']), expected: 'close or open' };
const SYMBOL_PATTERN: FieldSpec<string> = {
  schema: z.string().min(1).refine(hasCaptureGroup),
  expected: 'a regular expression with a capture group for the symbol',
};

function captureGroups(pattern: string): number | undefined {
  try {
    new RegExp(pattern);
    // Valid alone, so safe to wrap; the empty alternative always matches, giving one slot per group.
    const match = new RegExp(`(?:${pattern})|`).exec('');
    return match === null ? undefined : match.length - 1;
  } catch {
    return undefined;
  }
}

function hasCaptureGroup(pattern: string): boolean {
  return (captureGroups(pattern) ?? 0) > 0;
}

/**
 * Reads one source: a path string or a map. Relative paths are resolved against `baseDir` (the
 * scenario's folder) and must exist; problems go to `issues` and the result is then undefined.
 */
export function readSource(
  node: LocatedNode,
  kind: SourceKind,
  field: string,
  baseDir: string,
  issues: InputIssue[],
): ScenarioSource | undefined {
  const before = issues.length;
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const resolved = checkPath(node, field, baseDir, issues);
    return resolved === undefined ? undefined : { path: resolved, displayPath: node.value };
  }
  const map = node.kind === 'map' ? node : undefined;
  if (map === undefined) {
    asSection(node, field, issues, 'a file path or a map with path:');
    return undefined;
  }
  reportUnknownKeys(map, SOURCE_KEYS, field, issues);
  const get = (key: string): LocatedNode | undefined => map.entries.find((e) => e.key === key)?.value;
  const out: { -readonly [K in keyof ScenarioSource]: ScenarioSource[K] } = { path: '', displayPath: '' };

  const pathNode = get('path');
  if (pathNode === undefined) {
    issues.push(issueAt(map.where, joinField(field, 'path'), 'is required'));
  } else if (pathNode.kind === 'scalar' && typeof pathNode.value === 'string') {
    const resolved = checkPath(pathNode, joinField(field, 'path'), baseDir, issues);
    if (resolved !== undefined) {
      out.path = resolved;
      out.displayPath = pathNode.value;
    }
  } else {
    checkField(pathNode, PATH, joinField(field, 'path'), issues);
  }

  const columnsNode = get('columns');
  if (columnsNode !== undefined) {
    const known = SOURCE_COLUMNS[kind];
    const columnsMap = asSection(columnsNode, joinField(field, 'columns'), issues);
    if (columnsMap) {
      reportUnknownKeys(columnsMap, known, joinField(field, 'columns'), issues);
      const unknownFree = { ...columnsMap, entries: columnsMap.entries.filter((e) => known.includes(e.key)) };
      const columns = checkField(unknownFree, COLUMN_NAMES, joinField(field, 'columns'), issues);
      if (columns !== undefined) out.columns = columns;
    }
  }

  const optional = <T>(key: string, spec: FieldSpec<T>, assign: (value: T) => void): void => {
    const n = get(key);
    if (n === undefined) return;
    const v = checkField(n, spec, joinField(field, key), issues);
    if (v !== undefined) assign(v);
  };
  optional('utc_offset', UTC_OFFSET, (v) => (out.utcOffset = v));
  optional('adjust', ADJUST, (v) => {
    if (kind === 'prices' || kind === 'marks') out.adjust = v;
    else issues.push(issueAt(get('adjust')!.where, joinField(field, 'adjust'), `applies to price bars only, not ${kind}`));
  });
  optional('symbol_pattern', SYMBOL_PATTERN, (v) => (out.symbolPattern = v));
  optional('ts_label', TS_LABEL, (v) => (out.tsLabel = v));
  optional('bar_minutes', POSITIVE, (v) => (out.barMinutes = v));
  optional('round_ts_minutes', POSITIVE, (v) => (out.roundTsMinutes = v));
  if (out.tsLabel === 'open' && get('bar_minutes') === undefined) {
    // Open stamps are moved to the bar's close, which needs the bar's length.
    issues.push(issueAt(get('ts_label')!.where, joinField(field, 'ts_label'), 'open needs bar_minutes (the bar length)'));
  }

  return issues.length === before ? out : undefined;
}

/** The absolute path, or undefined after an issue at the path's node. */
function checkPath(
  node: LocatedNode & { kind: 'scalar' },
  field: string,
  baseDir: string,
  issues: InputIssue[],
): string | undefined {
  const written = String(node.value);
  if (written.trim() === '') {
    issues.push(issueAt(node.where, field, `expected ${PATH.expected}, was ""`));
    return undefined;
  }
  const resolved = path.resolve(baseDir, written);
  const problem = pathProblem(resolved);
  if (problem !== undefined) {
    issues.push(issueAt(node.where, field, `${problem}: ${JSON.stringify(written)}`));
    return undefined;
  }
  return resolved;
}

function pathProblem(resolved: string): string | undefined {
  const stat = statSync(resolved, { throwIfNoEntry: false });
  if (stat === undefined) return 'no such file or folder';
  if (stat.isDirectory()) {
    const csvFiles = readdirSync(resolved, { withFileTypes: true }).filter((e) => e.isFile() && CSV_NAME.test(e.name));
    return csvFiles.length === 0 ? 'the folder has no .csv or .csv.gz files' : undefined;
  }
  return stat.isFile() ? undefined : 'not a regular file';
}
