// Loading a scenario YAML (with `--set` overrides) into checked settings and resolved input files, all problems at once.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import * as z from 'zod';
import type { AllocatorSettings } from '../allocator/types.js';
import type { SimSettings } from '../sim/settings.js';
import { riskSectionToSettings } from './allocatorConfig.js';
import { asSection, checkField, joinField, reportUnknownKeys, sortIssues, type FieldSpec } from './configFields.js';
import { InputError, type InputIssue } from './inputError.js';
import { readSource, type ScenarioSource, type SourceKind } from './scenarioSource.js';
import { readSweep, SEED_SPEC, type ScenarioSweep } from './scenarioSweep.js';
import { simSectionToSettings } from './simConfig.js';
import {
  fromPlain,
  issueAt,
  parseYamlLocated,
  setAtPath,
  toPlain,
  type LocatedEntry,
  type LocatedMap,
  type LocatedNode,
  type Where,
} from './yamlLocations.js';

export type { ScenarioSource } from './scenarioSource.js';
export type { ScenarioSweep, SweepValue } from './scenarioSweep.js';
export { settingKeySpec } from './scenarioSweep.js';

export interface ScenarioData {
  readonly prices: ScenarioSource;
  readonly marks?: ScenarioSource;
  readonly signals: ScenarioSource;
  readonly funding?: ScenarioSource;
}

export interface Scenario {
  readonly name: string;
  readonly seed: number;
  readonly allocator: AllocatorSettings;
  /** `risk.auction_mode_enabled`; false replays the baseline policy. */
  readonly auctionModeEnabled: boolean;
  readonly sim: SimSettings;
  readonly data: ScenarioData;
  readonly sweep?: ScenarioSweep;
  /** Absolute path of the scenario file; data paths are relative to its folder. */
  readonly scenarioPath: string;
  /** The scenario as plain data, overrides applied, paths as written: for the manifest and sweep points. */
  readonly raw: unknown;
}

/** `--set key=value`: a dotted key and the value as text, read as YAML (so `5`, `true`, `null`, `"5"`). */
export interface Override {
  readonly key: string;
  readonly value: string;
}

/** An override carrying a typed value (a sweep point's): JSON is YAML, so it reads back exactly. */
export function overrideOf(key: string, value: unknown): Override {
  return { key, value: JSON.stringify(value) };
}

const TOP_KEYS = ['name', 'seed', 'risk', 'sim', 'data', 'sweep'];
const DATA_KEYS: readonly SourceKind[] = ['prices', 'marks', 'signals', 'funding'];
const DEFAULT_SEED = 1;
const NAME: FieldSpec<string> = {
  // The name becomes a folder under reports/, so it may not climb out of it.
  schema: z
    .string()
    .trim()
    .min(1)
    .refine((s) => !/[/\\\0]/.test(s) && s !== '.' && s !== '..'),
  expected: 'a name usable as a folder name (no / or \\)',
};

/** Reads and checks a scenario file; throws InputError listing every problem. */
export function loadScenario(filePath: string, overrides: readonly Override[] = []): Scenario {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([{ file: filePath, message: code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(e)})` }]);
  }
  return parseScenario(text, filePath, path.resolve(filePath), overrides);
}

/** Checks scenario text as if read from `baseDir/fileName` (for tests and callers holding the text). */
export function parseScenarioText(
  text: string,
  fileName: string,
  baseDir: string,
  overrides: readonly Override[] = [],
): Scenario {
  return parseScenario(text, fileName, path.join(path.resolve(baseDir), path.basename(fileName)), overrides);
}

/**
 * Re-checks a scenario's plain data (`Scenario.raw`) with overrides applied, e.g. one sweep point.
 * Nodes have no lines here, so issues name the scenario file and key only.
 */
export function scenarioFromRaw(raw: unknown, scenarioPath: string, overrides: readonly Override[] = []): Scenario {
  const fileName = path.basename(scenarioPath);
  return checkScenario(fromPlain(raw, { file: fileName }), [], fileName, path.resolve(scenarioPath), overrides);
}

/** The plain data with overrides applied (values read as YAML); throws InputError (`--set`) when one cannot apply. */
export function applyOverrides(raw: unknown, overrides: readonly Override[]): unknown {
  const issues: InputIssue[] = [];
  const root = asSection(fromPlain(raw, { file: 'scenario' }), '', issues);
  if (root) applyOverridesToTree(root, overrides, issues);
  if (issues.length > 0 || root === undefined) throw new InputError(issues);
  return toPlain(root);
}

function parseScenario(text: string, fileName: string, scenarioPath: string, overrides: readonly Override[]): Scenario {
  const parsed = parseYamlLocated(text, fileName);
  if (parsed.root === undefined) throw new InputError(sortIssues(parsed.issues));
  return checkScenario(parsed.root, parsed.issues, fileName, scenarioPath, overrides);
}

function checkScenario(
  rootNode: LocatedNode,
  earlierIssues: readonly InputIssue[],
  fileName: string,
  scenarioPath: string,
  overrides: readonly Override[],
): Scenario {
  const issues = [...earlierIssues];
  const root = asSection(rootNode, '', issues, 'a map with data: (prices, signals) and optional name, seed, risk, sim, sweep');
  if (root === undefined) throw new InputError(sortIssues(issues));
  applyOverridesToTree(root, overrides, issues);
  const scenario = buildScenario(root, fileName, scenarioPath, issues);
  if (issues.length > 0 || scenario === undefined) throw new InputError(sortIssues(issues));
  return scenario;
}

function buildScenario(root: LocatedMap, fileName: string, scenarioPath: string, issues: InputIssue[]): Scenario | undefined {
  reportUnknownKeys(root, TOP_KEYS, '', issues);
  const get = (key: string): LocatedEntry | undefined => root.entries.find((e) => e.key === key);
  const nameEntry = get('name');
  const seedEntry = get('seed');
  const sweepEntry = get('sweep');
  const name = nameEntry ? checkField(nameEntry.value, NAME, 'name', issues)?.trim() : defaultName(fileName);
  const seed = seedEntry ? checkField(seedEntry.value, SEED_SPEC, 'seed', issues) : DEFAULT_SEED;
  const risk = riskSectionToSettings(get('risk')?.value, { issues, prefix: 'risk' });
  const sim = simSectionToSettings(get('sim')?.value, { issues, prefix: 'sim' });
  const data = readData(get('data'), root.where, path.dirname(scenarioPath), issues);
  const sweep = sweepEntry ? readSweep(sweepEntry.value, issues) : undefined;
  if (issues.length > 0 || name === undefined || seed === undefined || data === undefined) return undefined;
  return {
    name,
    seed,
    allocator: risk.allocator,
    auctionModeEnabled: risk.auctionModeEnabled,
    sim,
    data,
    ...(sweep !== undefined ? { sweep } : {}),
    scenarioPath,
    raw: toPlain(root),
  };
}

/** The file's base name without .yaml / .yml. */
function defaultName(fileName: string): string {
  return path.basename(fileName).replace(/\.ya?ml$/i, '');
}

function readData(entry: LocatedEntry | undefined, rootWhere: Where, baseDir: string, issues: InputIssue[]): ScenarioData | undefined {
  if (entry === undefined) {
    issues.push(issueAt(rootWhere, 'data', 'is required (data: { prices: ..., signals: ... })'));
    return undefined;
  }
  const section = asSection(entry.value, 'data', issues, 'a map of prices, signals, marks, funding');
  if (section === undefined) return undefined;
  reportUnknownKeys(section, DATA_KEYS, 'data', issues);
  const sources: Partial<Record<SourceKind, ScenarioSource>> = {};
  let complete = true;
  for (const kind of DATA_KEYS) {
    const e = section.entries.find((x) => x.key === kind);
    if (e === undefined) {
      if (kind === 'prices' || kind === 'signals') {
        issues.push(issueAt(entry.keyWhere, joinField('data', kind), 'is required'));
        complete = false;
      }
      continue;
    }
    const source = readSource(e.value, kind, joinField('data', kind), baseDir, issues);
    if (source === undefined) complete = false;
    else sources[kind] = source;
  }
  if (!complete || sources.prices === undefined || sources.signals === undefined) return undefined;
  return {
    prices: sources.prices,
    signals: sources.signals,
    ...(sources.marks !== undefined ? { marks: sources.marks } : {}),
    ...(sources.funding !== undefined ? { funding: sources.funding } : {}),
  };
}

const KEY_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Writes each override into the tree at `--set`, so the checks that follow treat it like a file value. */
function applyOverridesToTree(root: LocatedMap, overrides: readonly Override[], issues: InputIssue[]): void {
  const where: Where = { file: '--set' };
  for (const { key, value } of overrides) {
    if (!KEY_PATTERN.test(key)) {
      issues.push(issueAt(where, key, 'expected a dotted key like risk.auction_swap_threshold, sim.fee_bps or seed'));
      continue;
    }
    const doc = parseDocument(value, { prettyErrors: false });
    if (doc.errors.length > 0) {
      issues.push(issueAt(where, key, `cannot read ${JSON.stringify(value)} as a value: ${doc.errors[0]!.message}`));
      continue;
    }
    const blocked = setAtPath(root, key.split('.'), fromPlain(doc.toJS(), where), where);
    if (blocked !== undefined) issues.push(issueAt(where, key, `cannot set inside ${blocked}, which is not a map`));
  }
}
