// The README's Usage block is real code: it type-checks against the package's API and runs.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ALLOCATOR_SETTINGS, loadAllocatorSettings } from '../src/index.js';

const root = path.resolve(import.meta.dirname, '..');
const workDir = path.join(root, 'test', '.readme-usage');

/** The first ```ts block after the "## Usage" heading, with the package name pointed at the source. */
function usageBlock(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'));
  const match = /```ts\n([\s\S]*?)```/.exec(usage);
  if (!match) throw new Error('README.md has no ```ts block under ## Usage');
  return match[1]!;
}

describe('README usage', () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  const code = usageBlock();
  const file = path.join(workDir, 'usage.ts');
  mkdirSync(workDir, { recursive: true });
  writeFileSync(file, code.replace(/from 'auction-allocator'/g, "from '../../src/index.js'"));

  it('imports from the package by its name', () => {
    expect(code).toContain("from 'auction-allocator'");
    expect(code).toContain('allocator.allocate(');
  });

  it('type-checks under the project compiler options', () => {
    const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
    const options = ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
    const program = ts.createProgram([file], { ...options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file);
    const text = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(text).toEqual([]);
  });

  it('runs and prints a plan that explains every contender', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    try {
      await import(file);
    } finally {
      spy.mockRestore();
    }
    // One held position and two candidates: three decisions, and ETH (score 81) opens into a free slot.
    expect(lines.filter((l) => /^(held|new) /.test(l))).toHaveLength(3);
    expect(lines).toContain('open ETH/USD long');
  });
});

describe('README configuration', () => {
  it('the config.yaml shown loads, and gives the documented defaults plus its aliases', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const yamlText = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const settings = loadAllocatorSettings(yamlText, 'README.md');
    expect({ ...settings, symbolAliases: {} }).toEqual({ ...DEFAULT_ALLOCATOR_SETTINGS, symbolAliases: {} });
    expect(settings.symbolAliases).toEqual({ PF_XBTUSD: 'BTC/USD', BTCUSD: 'BTC/USD' });
  });
});
