// Publishing a run folder atomically: build it under a temporary name beside the target, then rename it into place.

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A temporary folder beside `outDir`, removed if the work fails, renamed onto `outDir` when it succeeds. */
export async function withAtomicFolder<T>(outDir: string, tempTag: string, build: (tempDir: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(path.resolve(outDir));
  mkdirSync(parent, { recursive: true });
  const tempDir = path.join(parent, `.${path.basename(outDir)}.tmp-${tempTag}`);
  rmSync(tempDir, { recursive: true, force: true });
  mkdirSync(tempDir, { recursive: true });
  try {
    const result = await build(tempDir);
    replaceFolder(tempDir, outDir);
    return result;
  } catch (e) {
    rmSync(tempDir, { recursive: true, force: true });
    throw e;
  }
}

/** Moves `from` onto `to`; an existing `to` is moved aside first and removed only after the swap. */
function replaceFolder(from: string, to: string): void {
  if (!existsSync(to)) {
    renameSync(from, to);
    return;
  }
  const aside = `${from}.old`;
  rmSync(aside, { recursive: true, force: true });
  renameSync(to, aside);
  renameSync(from, to);
  rmSync(aside, { recursive: true, force: true });
}

/** Writes a JSON file with sorted-stable formatting: two-space indent, trailing newline. */
export function writeJson(filePath: string, value: unknown): void {
  writeFileSync(filePath, JSON.stringify(value, null, 2) + '\n');
}

/** Writes a text file. */
export function writeText(filePath: string, text: string): void {
  writeFileSync(filePath, text);
}

/** Writes a text file under a temporary name beside it, then renames it into place. */
export function writeTextAtomic(filePath: string, text: string, tempTag: string): void {
  const temp = `${filePath}.tmp-${tempTag}`;
  writeFileSync(temp, text);
  renameSync(temp, filePath);
}
