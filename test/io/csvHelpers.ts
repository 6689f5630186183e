// Helpers for the CSV reader tests: a temporary folder of fixtures, collecting slices, catching InputErrors.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { readPrices, type CsvSource } from '../../src/io/csv.js';
import { csvScanTuning } from '../../src/io/csvSource.js';
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

/** The ways price files are read: on this thread, or on the price reader's worker (large files). */
export const READ_PATHS = [
  { name: 'in line', workerMinBytes: Number.POSITIVE_INFINITY },
  { name: 'on a worker', workerMinBytes: 0 },
] as const;

/** Runs `work` with price files read one way, restoring the default after. */
export async function readingOn<T>(path: (typeof READ_PATHS)[number], work: () => Promise<T>): Promise<T> {
  const before = csvScanTuning.workerMinBytes;
  csvScanTuning.workerMinBytes = path.workerMinBytes;
  try {
    return await work();
  } finally {
    csvScanTuning.workerMinBytes = before;
  }
}

/** Every slice of the sources, read on this thread. */
export async function slicesInLine(sources: readonly CsvSource[]): Promise<BarSlice[]> {
  return readingOn(READ_PATHS[0], async () => {
    const out: BarSlice[] = [];
    for await (const slice of readPrices(sources)) out.push(slice);
    return out;
  });
}

/**
 * Every slice of the sources, read both ways; fails the test unless the worker gives the same slices, or the
 * same error, as reading on this thread. Rethrows the error.
 */
export async function allSlices(sources: readonly CsvSource[]): Promise<BarSlice[]> {
  const outcomes: (BarSlice[] | { error: unknown })[] = [];
  for (const way of READ_PATHS) {
    outcomes.push(
      await readingOn(way, async () => {
        const out: BarSlice[] = [];
        try {
          for await (const slice of readPrices(sources)) out.push(slice);
        } catch (error) {
          return { error };
        }
        return out;
      }),
    );
  }
  const [inLine, onWorker] = outcomes;
  if (!Array.isArray(inLine)) {
    expect(Array.isArray(onWorker) ? 'slices' : errorText(onWorker!.error)).toBe(errorText(inLine!.error));
    expect(Array.isArray(onWorker) ? null : onWorker!.error).toBeInstanceOf((inLine!.error as object).constructor);
    throw inLine!.error;
  }
  expect(onWorker).toEqual(inLine);
  return inLine!;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
