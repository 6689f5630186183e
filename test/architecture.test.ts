// Architecture rules, checked on the source text of every .ts file under src/:
//   - src/allocator/** imports only relative paths inside src/allocator (no packages, no node: modules);
//   - src/sim/** does not import io/, report/, cli/, fs or path;
//   - src/report/** does not import cli/, nor sim/ except type-only imports of sim/types.js and sim/settings.js;
//   - outside src/cli/ and src/bench/, no clock or randomness: Date.now(, argument-less new Date(),
//     Math.random(, performance.now(.
// The rule function is also run on synthetic bad sources, so that the test cannot pass vacuously.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ImportRef {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** Removes block comments and line comments (a `//` at line start or after whitespace, so URLs in strings survive). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)\/\/.*$/gm, '$1');
}

const CLAUSE = String.raw`(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+)`;
const STATIC_RE = new RegExp(String.raw`(?:^|[;\n])\s*(import|export)\s+(type\s+)?(${CLAUSE})\s*from\s*['"]([^'"]+)['"]`, 'g');
const SIDE_EFFECT_RE = /(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g;
const DYNAMIC_RE = /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier the source imports or re-exports, with whether the statement is type-only. */
function importsOf(source: string): ImportRef[] {
  const code = stripComments(source);
  const refs: ImportRef[] = [];
  for (const m of code.matchAll(STATIC_RE)) {
    const clause = m[3] ?? '';
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    const inlineTypeOnly =
      braces !== null &&
      (braces[1] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
        .every((s) => s.startsWith('type '));
    refs.push({ specifier: m[4] ?? '', typeOnly: m[2] !== undefined || inlineTypeOnly });
  }
  for (const m of code.matchAll(SIDE_EFFECT_RE)) refs.push({ specifier: m[1] ?? '', typeOnly: false });
  for (const m of code.matchAll(DYNAMIC_RE)) refs.push({ specifier: m[1] ?? '', typeOnly: false });
  return refs;
}

/** The repository-relative path a relative specifier points to, or null for a package or node: module. */
function resolveSpecifier(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

const FS_PATH_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'path', 'node:path']);
const SIM_TYPE_MODULES = new Set(['src/sim/types.js', 'src/sim/settings.js', 'src/sim/types.ts', 'src/sim/settings.ts']);
const CLOCK_RULES: [RegExp, string][] = [
  [/\bDate\s*\.\s*now\s*\(/, 'Date.now('],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date()'],
  [/\bMath\s*\.\s*random\s*\(/, 'Math.random('],
  [/\bperformance\s*\.\s*now\s*\(/, 'performance.now('],
];

/** The architecture violations of one file, given its path relative to the repository root (posix). */
function violations(file: string, source: string): string[] {
  const found: string[] = [];
  for (const { specifier, typeOnly } of importsOf(source)) {
    const target = resolveSpecifier(file, specifier);
    const under = (dir: string): boolean => target !== null && target.startsWith(`src/${dir}/`);
    if (file.startsWith('src/allocator/') && !under('allocator')) {
      found.push(`${file}: allocator imports '${specifier}' (only relative paths inside src/allocator)`);
    }
    if (file.startsWith('src/sim/')) {
      if (under('io') || under('report') || under('cli') || FS_PATH_MODULES.has(specifier)) {
        found.push(`${file}: sim imports '${specifier}'`);
      }
    }
    if (file.startsWith('src/report/')) {
      if (under('cli')) found.push(`${file}: report imports '${specifier}'`);
      if (under('sim') && !(typeOnly && target !== null && SIM_TYPE_MODULES.has(target))) {
        found.push(`${file}: report imports '${specifier}' (only type-only sim/types.js and sim/settings.js)`);
      }
    }
  }
  if (!file.startsWith('src/cli/') && !file.startsWith('src/bench/')) {
    const code = stripComments(source);
    for (const [re, name] of CLOCK_RULES) if (re.test(code)) found.push(`${file}: calls ${name}`);
  }
  return found;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('architecture', () => {
  const files = tsFiles(path.join(ROOT, 'src')).map((full) => path.relative(ROOT, full).split(path.sep).join('/'));

  it('finds the sources, allocator files among them', () => {
    expect(files.filter((f) => f.startsWith('src/allocator/')).length).toBeGreaterThan(0);
  });

  it('no source file breaks a dependency or clock rule', () => {
    const all = files.flatMap((f) => violations(f, readFileSync(path.join(ROOT, f), 'utf8')));
    expect(all).toEqual([]);
  });

  it('parses every form of import and re-export', () => {
    const source = [
      "import a from './a.js';",
      "import * as b from './b.js';",
      "import { c, type C } from './c.js';",
      "import type { D } from './d.js';",
      "import { type E } from './e.js';",
      "import f, { g } from './f.js';",
      "import './side.js';",
      "export { h } from './h.js';",
      "export * from './i.js';",
      "export type { J } from './j.js';",
      "const k = await import('./k.js');",
      "import {\n  l,\n  m,\n} from './lm.js';",
      "// import z from './commented.js';",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      { specifier: './a.js', typeOnly: false },
      { specifier: './b.js', typeOnly: false },
      { specifier: './c.js', typeOnly: false },
      { specifier: './d.js', typeOnly: true },
      { specifier: './e.js', typeOnly: true },
      { specifier: './f.js', typeOnly: false },
      { specifier: './h.js', typeOnly: false },
      { specifier: './i.js', typeOnly: false },
      { specifier: './j.js', typeOnly: true },
      { specifier: './lm.js', typeOnly: false },
      { specifier: './side.js', typeOnly: false },
      { specifier: './k.js', typeOnly: false },
    ]);
  });

  it('catches synthetic bad files, so that it cannot pass vacuously', () => {
    const bad: [string, string][] = [
      ['src/allocator/x.ts', "import { readFileSync } from 'node:fs';"],
      ['src/allocator/x.ts', "import YAML from 'yaml';"],
      ['src/allocator/x.ts', "import { load } from '../io/allocatorConfig.js';"],
      ['src/allocator/x.ts', "export { thing } from '../sim/types.js';"],
      ['src/sim/x.ts', "import { readRun } from '../io/runReader.js';"],
      ['src/sim/x.ts', "import { render } from '../report/render.js';"],
      ['src/sim/x.ts', "import { main } from '../cli/main.js';"],
      ['src/sim/x.ts', "import fs from 'fs';"],
      ['src/sim/x.ts', "import path from 'node:path';"],
      ['src/report/x.ts', "import { Ledger } from '../sim/ledger.js';"],
      ['src/report/x.ts', "import type { Ledger } from '../sim/ledger.js';"],
      ['src/report/x.ts', "import { DEFAULT_SIM_SETTINGS } from '../sim/settings.js';"],
      ['src/report/x.ts', "import { run } from '../cli/run.js';"],
      ['src/io/x.ts', 'const t = Date.now();'],
      ['src/sim/x.ts', 'const d = new Date();'],
      ['src/report/x.ts', 'const r = Math.random();'],
      ['src/allocator/x.ts', 'const t0 = performance.now();'],
      ['src/index.ts', 'export const stamp = () => Date.now();'],
    ];
    for (const [file, source] of bad) expect(violations(file, source), `${file}: ${source}`).not.toEqual([]);
  });

  it('allows what the rules allow', () => {
    const good: [string, string][] = [
      ['src/allocator/x.ts', "import { a } from './a.js';\nimport type { B } from './sub/b.js';"],
      ['src/sim/x.ts', "import { money } from './money.js';\nimport { X } from '../allocator/types.js';"],
      ['src/report/x.ts', "import type { Fill } from '../sim/types.js';\nimport { type SimSettings } from '../sim/settings.js';"],
      ['src/report/x.ts', "import { esc } from './escape.js';"],
      ['src/io/x.ts', 'const d = new Date(ms); // not Date.now()\n/* Math.random() */'],
      ['src/cli/main.ts', 'const t = Date.now(); const d = new Date();'],
      ['src/bench/main.ts', 'const t0 = performance.now();'],
    ];
    for (const [file, source] of good) expect(violations(file, source), `${file}: ${source}`).toEqual([]);
  });
});
