// Golden replay of the shipped default scenario: pinned by the sha256 of fills.csv, of the decision lines (the text
// inside decisions.jsonl.gz, so a zlib upgrade alone does not move the pin) and a few summary figures.
// Changing any pin takes a commit that says why the replay's behaviour changed.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const root = path.resolve(import.meta.dirname, '../..');
const GOLDEN = {
  fillsSha256: '4cc5e4ade5c8514430cd0d483c5dd93291001a1ee9ea69bc3a818bbdc42233c0',
  baselineFillsSha256: 'ff39aa6bd48adfaf9f35c97d99cd4913b248b3f3423c4711e0f5a278a2304c58',
  decisionLinesSha256: 'b8e075a35b1b11666ea1f37cfd5a3b52cfcebcf8fb5eac0bb755230b823bc6b5',
  trades: 1320,
  swapsMade: 348,
  finalEquity: '928679.2639028551335347037271308835624',
};

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('the default scenario (data/sp500, 2016-2021)', () => {
  let out = '';
  let exitCode = -1;
  beforeAll(async () => {
    out = path.join(mkdtempSync(path.join(tmpdir(), 'golden-')), 'default');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    exitCode = await runCli(['replay', path.join(root, 'scenarios/default.yaml'), '--out', out]);
    vi.restoreAllMocks();
  });
  afterAll(() => rmSync(path.dirname(out), { recursive: true, force: true }));

  it('replays without error', () => {
    expect(exitCode).toBe(0);
  });

  it('fills the same orders at the same prices as the pinned run', () => {
    expect(sha256(path.join(out, 'fills.csv'))).toBe(GOLDEN.fillsSha256);
    expect(sha256(path.join(out, 'baseline/fills.csv'))).toBe(GOLDEN.baselineFillsSha256);
  });

  it('explains every cycle with the pinned decision lines (8.9 MB of text: formatted by the log\'s worker)', () => {
    const text = gunzipSync(readFileSync(path.join(out, 'decisions.jsonl.gz')));
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(createHash('sha256').update(text).digest('hex')).toBe(GOLDEN.decisionLinesSha256);
  });

  it('ends with the pinned summary figures', () => {
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Record<string, number | string>;
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { result: { final_equity: string } };
    expect(summary.trades).toBe(GOLDEN.trades);
    expect(summary.swaps_made).toBe(GOLDEN.swapsMade);
    expect(manifest.result.final_equity).toBe(GOLDEN.finalEquity);
  });

  it('writes no absolute path and no wall-clock time into its files', () => {
    for (const name of ['manifest.json', 'summary.json', 'report.md', 'report.html']) {
      const text = readFileSync(path.join(out, name), 'utf8');
      expect(text).not.toContain(root);
      expect(text).not.toContain(tmpdir());
    }
  });
});
