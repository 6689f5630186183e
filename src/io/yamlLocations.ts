// YAML text → a tree of plain values in which every node knows its file:line:column, so checks can point at it.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { InputIssue } from './inputError.js';

/** Where a node came from: a file position, or a flag like `--set` (no line). */
export interface Where {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export type ScalarValue = string | number | boolean | null;

export interface LocatedScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  readonly where: Where;
}

export interface LocatedEntry {
  readonly key: string;
  readonly keyWhere: Where;
  value: LocatedNode;
}

export interface LocatedMap {
  readonly kind: 'map';
  readonly entries: LocatedEntry[];
  readonly where: Where;
}

export interface LocatedSeq {
  readonly kind: 'seq';
  readonly items: LocatedNode[];
  readonly where: Where;
}

export type LocatedNode = LocatedScalar | LocatedMap | LocatedSeq;

export interface ParsedYaml {
  /** Absent only when the text has syntax errors (then `issues` says why). */
  readonly root?: LocatedNode;
  readonly issues: InputIssue[];
}

/** Builds an issue at a node's position. */
export function issueAt(where: Where, field: string | undefined, message: string): InputIssue {
  return {
    file: where.file,
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(where.column !== undefined ? { column: where.column } : {}),
    ...(field !== undefined && field !== '' ? { field } : {}),
    message,
  };
}

/**
 * Parses one YAML document. Syntax errors come back as issues and no tree, because checking a
 * half-parsed tree would only add noise to the real error.
 */
export function parseYamlLocated(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // prettyErrors off: we add file:line:col ourselves and want the bare message.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Where => {
    if (offset === undefined) return { file };
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const issues: InputIssue[] = doc.errors.map((e) => issueAt(at(e.pos[0]), undefined, e.message));
  if (issues.length > 0) return { issues };
  const root = doc.contents === null ? undefined : convert(doc.contents, doc, at, issues, new Set());
  return { root: root ?? { kind: 'scalar', value: null, where: { file, line: 1, column: 1 } }, issues };
}

function convert(
  node: Node,
  doc: Document,
  at: (offset: number | undefined) => Where,
  issues: InputIssue[],
  resolving: Set<Node>,
): LocatedNode {
  const where = at(node.range?.[0]);
  if (isAlias(node)) {
    const target = node.resolve(doc);
    // An alias points at its anchor; a cycle (an anchor inside itself) cannot become plain data.
    if (target === undefined || resolving.has(target)) {
      issues.push(issueAt(where, undefined, `alias *${node.source} cannot be resolved`));
      return { kind: 'scalar', value: null, where };
    }
    resolving.add(target);
    const resolved = convert(target, doc, at, issues, resolving);
    resolving.delete(target);
    return { ...resolved, where } as LocatedNode;
  }
  if (isMap(node)) {
    const entries: LocatedEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const keyWhere = keyNode !== null && keyNode.range ? at(keyNode.range[0]) : where;
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        issues.push(issueAt(keyWhere, undefined, 'map keys must be plain words'));
        continue;
      }
      const key = String(keyNode.value);
      const valueNode = pair.value as Node | null;
      // `key:` with nothing after it is null, located just after the key.
      const value: LocatedNode =
        valueNode === null
          ? { kind: 'scalar', value: null, where: keyWhere }
          : convert(valueNode, doc, at, issues, resolving);
      entries.push({ key, keyWhere, value });
    }
    return { kind: 'map', entries, where };
  }
  if (isSeq(node)) {
    const items = node.items.map((item) =>
      item === null ? ({ kind: 'scalar', value: null, where } as const) : convert(item as Node, doc, at, issues, resolving),
    );
    return { kind: 'seq', items, where };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value: ScalarValue =
      v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? v
        : typeof v === 'bigint'
          ? Number(v)
          : String(v);
    return { kind: 'scalar', value, where };
  }
  return { kind: 'scalar', value: null, where };
}

/** Plain data (from JSON, a manifest, or a parsed override) as a tree whose nodes all sit at `where`. */
export function fromPlain(value: unknown, where: Where): LocatedNode {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map((v) => fromPlain(v, where)), where };
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, v]) => ({ key, keyWhere: where, value: fromPlain(v, where) }));
    return { kind: 'map', entries, where };
  }
  if (value === undefined) return { kind: 'scalar', value: null, where };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return { kind: 'scalar', value, where };
  }
  return { kind: 'scalar', value: String(value), where };
}

/** The tree as plain JSON-like data, keys in file order. */
export function toPlain(node: LocatedNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map':
      // fromEntries defines own properties, so a key like `__proto__` stays data.
      return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
  }
}

/** The entry for `key`, if the node is a map that has it. */
export function entryOf(node: LocatedNode | undefined, key: string): LocatedEntry | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

/** The sub-node at a path of map keys and list indexes, as far as it exists. */
export function nodeAt(node: LocatedNode, path: readonly PropertyKey[]): LocatedNode {
  let current = node;
  for (const step of path) {
    if (current.kind === 'map') {
      const e = current.entries.find((x) => x.key === String(step));
      if (!e) break;
      current = e.value;
    } else if (current.kind === 'seq' && typeof step === 'number' && current.items[step] !== undefined) {
      current = current.items[step];
    } else break;
  }
  return current;
}

/**
 * Sets `value` at a path of map keys, creating maps on the way, and returns undefined; or returns
 * the dotted prefix that is not a map, when the path goes through a value that is not one.
 */
export function setAtPath(root: LocatedMap, path: readonly string[], value: LocatedNode, where: Where): string | undefined {
  let map = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const existing = map.entries.find((e) => e.key === key);
    if (i === path.length - 1) {
      if (existing) existing.value = value;
      else map.entries.push({ key, keyWhere: where, value });
      return undefined;
    }
    if (existing === undefined) {
      const created: LocatedMap = { kind: 'map', entries: [], where };
      map.entries.push({ key, keyWhere: where, value: created });
      map = created;
    } else if (existing.value.kind === 'map') {
      map = existing.value;
    } else if (existing.value.kind === 'scalar' && existing.value.value === null) {
      // `risk:` left empty is an empty section: fill it.
      const created: LocatedMap = { kind: 'map', entries: [], where };
      existing.value = created;
      map = created;
    } else {
      return path.slice(0, i + 1).join('.');
    }
  }
  return undefined;
}
