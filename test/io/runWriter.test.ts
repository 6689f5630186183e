// The compressed decision file keeps every line in order, in line and through the worker; it asks the replay to
// wait while the worker is behind, and a failed write rejects close().

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { RunFolderWriter } from '../../src/io/runWriter.js';
import type { Decision } from '../../src/allocator/types.js';

/** A decision with every term 0 but its base, overridden where a test needs. */
function aDecision(overrides: Partial<Decision> = {}): Decision {
  return {
    kind: 'held', id: 'P1', symbol: 'AAA', outcome: 'keep', reason: 'winner', value: 1.5, swapValue: 1.5,
    terms: { base: 1.5, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: 2 },
    ...overrides,
  };
}

/** Runs `body` in a fresh temporary folder, removed afterwards. */
async function inTempDir(prefix: string, body: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('RunFolderWriter decisions.jsonl.gz', () => {
  it('keeps every line in order: the first megabyte formatted in line, the rest by the worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-writer-'));
    try {
      const writer = new RunFolderWriter(dir, true);
      const expected: string[] = [];
      // About 8 MB of lines written without a pause: the worker starts at the first full megabyte.
      for (let cycle = 0; cycle < 450; cycle++) {
        const tsMs = Date.UTC(2024, 0, 1) + cycle * 300_000;
        const decisions = Array.from({ length: 52 }, (_, i): Decision => ({
          kind: i < 50 ? 'held' : 'new', id: `P${cycle}-${i}`, symbol: `S${i}`, outcome: 'keep', reason: 'winner',
          value: cycle + i / 7, swapValue: cycle - i / 3,
          terms: { base: i, pnlBonus: cycle / 11, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 1 / 3, clusterPenalty: 0, correlationPenalty: 0, cost: 2 },
        }));
        writer.decisions(tsMs, decisions);
        for (const d of decisions) expected.push(JSON.stringify({ ts: new Date(tsMs).toISOString(), ...d }));
      }
      await writer.close();
      const text = gunzipSync(readFileSync(join(dir, 'decisions.jsonl.gz'))).toString('utf8');
      expect(text.length).toBeGreaterThan(6_000_000);
      expect(text).toBe(expected.join('\n') + '\n');
      expect(JSON.parse(readFileSync(join(dir, 'decision_stats.json'), 'utf8')).decisions).toBe(450 * 52);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks the replay to wait once the worker is four batches behind, and is ready again after the wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-writer-ready-'));
    try {
      const writer = new RunFolderWriter(dir, true);
      const expected: string[] = [];
      let waits = 0;
      for (let cycle = 0; cycle < 900; cycle++) {
        const tsMs = Date.UTC(2024, 0, 1) + cycle * 300_000;
        const decisions = Array.from({ length: 52 }, (_, i): Decision => ({
          kind: 'new', id: `C${cycle}-${i}`, symbol: `S${i}`, outcome: 'reject', reason: 'slot_cap',
          value: cycle / 3 + i, swapValue: i / 9,
          terms: { base: i, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: 1 },
        }));
        writer.decisions(tsMs, decisions);
        for (const d of decisions) expected.push(JSON.stringify({ ts: new Date(tsMs).toISOString(), ...d }));
        const ready = writer.whenReady();
        if (ready !== null) {
          waits++;
          await ready;
          expect(writer.whenReady()).toBeNull();
        }
      }
      await writer.close();
      // Nothing else yields, so acknowledgements pile up unread until the log asks for a wait.
      expect(waits).toBeGreaterThanOrEqual(1);
      expect(gunzipSync(readFileSync(join(dir, 'decisions.jsonl.gz'))).toString('utf8')).toBe(expected.join('\n') + '\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never asks for a yield when it writes no decisions', async () => {
    await inTempDir('run-writer-nodec-', (dir) => {
      expect(new RunFolderWriter(dir, false).whenReady()).toBeNull();
    });
  });

  // Every write to /dev/full fails with ENOSPC; the writer opens the file through the link. A short log fails in
  // line at close(); a long one fails in the worker, and close() must settle with that error, not wait forever.
  it.each([
    { log: 'short (written in line)', cycles: 10 },
    { log: 'long (written by the worker)', cycles: 6000 },
  ])('a $log log that cannot be written (a full disk) rejects close() instead of crashing the process', async ({ cycles }) => {
    await inTempDir('run-writer-full-', async (dir) => {
      symlinkSync('/dev/full', join(dir, 'decisions.jsonl.gz'));
      const writer = new RunFolderWriter(dir, true);
      for (let cycle = 0; cycle < cycles; cycle++) writer.decisions(cycle * 60_000, [aDecision(), aDecision({ id: 'P2' })]);
      await expect(writer.close()).rejects.toThrow(/ENOSPC/);
    });
  }, 30_000);

  it('a record file that cannot be written still closes the log, so its worker does not keep the process alive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-writer-fills-full-'));
    try {
      // In a child process: close() must reject with the fills' ENOSPC, and the process must then end by itself.
      symlinkSync('/dev/full', join(dir, 'fills.csv'));
      const writerUrl = pathToFileURL(join(import.meta.dirname, '../../dist/io/runWriter.js')).href;
      const script = `
        import { RunFolderWriter } from ${JSON.stringify(writerUrl)};
        const writer = new RunFolderWriter(${JSON.stringify(dir)}, true);
        const d = { kind: 'held', id: 'P1', symbol: 'AAA', outcome: 'keep', reason: 'winner', value: 1.5, swapValue: 1.5,
          terms: { base: 1.5, pnlBonus: 0, trendBonus: 0, timeDecayPenalty: 0, directionPenalty: 0, clusterPenalty: 0, correlationPenalty: 0, cost: 2 } };
        writer.fill({ cycleTsMs: 0, fillTsMs: 1, positionId: 'P1', symbol: 'AAA', side: 'buy', action: 'open', quantity: '1', price: '1',
          notional: '1', fee: '0', slippageCost: '0', reason: 'winner' });
        for (let cycle = 0; cycle < 6000; cycle++) writer.decisions(cycle * 60000, [d, d]);
        await writer.close().then(() => console.log('closed'), (e) => console.log('rejected', e.code));
      `;
      const scriptFile = join(dir, 'close.mjs');
      writeFileSync(scriptFile, script);
      const child = spawnSync(process.execPath, [scriptFile], { encoding: 'utf8', timeout: 30_000 });
      expect(child.signal, 'the process did not end by itself').toBeNull();
      expect(child.stdout.trim()).toBe('rejected ENOSPC');
      expect(child.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

