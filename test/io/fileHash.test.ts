// sha256 of input files for the manifest: the same digest on this thread and on the hashing worker.

import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileHashTuning, sha256Of } from '../../src/io/fileHash.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'file-hash-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
const defaultMinBytes = fileHashTuning.workerMinBytes;
afterEach(() => {
  fileHashTuning.workerMinBytes = defaultMinBytes;
});

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('sha256Of', () => {
  // 3 MiB and a bit: several 1 MiB reads, the last one short.
  const bytes = Buffer.from(Array.from({ length: 3 * (1 << 20) + 12_345 }, (_, i) => (i * 7919) % 251));

  it.each([
    ['on this thread', Number.POSITIVE_INFINITY],
    ['on a worker', 0],
  ])('hashes a file %s', async (_name, minBytes) => {
    const file = path.join(dir, 'prices.csv');
    await writeFile(file, bytes);
    fileHashTuning.workerMinBytes = minBytes;
    expect(await sha256Of(file)).toBe(sha256(bytes));
  });

  it.each([
    ['on this thread', Number.POSITIVE_INFINITY],
    ['on a worker', 0],
  ])('hashes a folder %s as the names and hashes of its CSV files, in name order', async (_name, minBytes) => {
    const folder = path.join(dir, 'folder');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'b.csv.gz'), 'bb');
    await writeFile(path.join(folder, 'a.csv'), 'aa');
    await writeFile(path.join(folder, 'notes.txt'), 'not an input');
    fileHashTuning.workerMinBytes = minBytes;
    expect(await sha256Of(folder)).toBe(sha256(`a.csv ${sha256('aa')}\nb.csv.gz ${sha256('bb')}\n`));
  });

  it('rejects when the file is missing', async () => {
    fileHashTuning.workerMinBytes = 0;
    await expect(sha256Of(path.join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });
});
