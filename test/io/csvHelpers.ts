// Helpers for the CSV reader tests: a temporary folder of fixtures, collecting slices, catching InputErrors.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readPrices, type CsvSource } from '../../src/io/csv.js';
import { InputError } from '../../src/io/inputError.js';
import type { BarSlice } from '../../src/sim/types.js';

/** A fresh temporary folder for one test file's fixtures. */
export class Fixtures {
  dir = '';

  async open(): Promise<void> {
    this.dir = await mkdtemp(path.join(tmpdir(), 'csv-test-'));
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Writes a fixture (gzip-compressed when the name ends in .gz); returns its absolute path. */
  async write(name: string, text: string): Promise<string> {
    const file = path.join(this.dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, name.endsWith('.gz') ? gzipSync(text) : text);
    return file;
  }

  /** A source for a fixture file or folder, shown by its name relative to the fixtures folder. */
  source(name: string, extra: Partial<CsvSource> = {}): CsvSource {
    return { path: path.join(this.dir, name), displayPath: name, ...extra };
  }
}

export async function allSlices(sources: readonly CsvSource[]): Promise<BarSlice[]> {
  const out: BarSlice[] = [];
  for await (const slice of readPrices(sources)) out.push(slice);
  return out;
}

/** The InputError a promise rejects with; fails the test when it resolves or throws something else. */
export async function inputErrorOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError, but it succeeded');
}

/** Slices as compact text, for readable equality checks. */
export function sliceText(slices: readonly BarSlice[]): string[] {
  return slices.map(
    (s) => `${new Date(s.tsMs).toISOString()} ${s.bars.map((b) => `${b.symbol}:${b.open}/${b.high}/${b.low}/${b.close}/${b.volume}`).join(' ')}`,
  );
}
