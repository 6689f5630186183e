// The sha256 of an input file or folder, for the manifest: large files are hashed on a worker thread.

import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

// Under vitest this module runs from src/, where a worker cannot load TypeScript: it takes the built file.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../../dist/io/fileHashWorker.js' : './fileHashWorker.js', import.meta.url);

/**
 * From this size a file is hashed on a thread of its own. Hashing runs while the replay reads the same file, and
 * on the replay's thread it only advances when the replay yields: a 600 MB file then still took a second after
 * the replay ended. Tests lower the size to take that path.
 */
export const fileHashTuning = { workerMinBytes: 16 << 20 };

/** sha256 of a file's bytes, or of a folder's CSV files (name and hash of each, in name order). */
export async function sha256Of(target: string): Promise<string> {
  const info = statSync(target);
  if (info.isDirectory()) {
    const names = readdirSync(target)
      .filter((n) => n.endsWith('.csv') || n.endsWith('.csv.gz'))
      .sort();
    const hash = createHash('sha256');
    for (const name of names) hash.update(`${name} ${await sha256Of(path.join(target, name))}\n`);
    return hash.digest('hex');
  }
  if (info.size >= fileHashTuning.workerMinBytes) return sha256OnWorker(target);
  return sha256OfFile(target);
}

/** sha256 of one file's bytes, read in large chunks. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  // Large reads: the default 64 KiB makes a 600 MB file take twice as long.
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sha256OnWorker(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { file } });
    let answered = false;
    worker.once('message', (reply: { readonly sha256?: string; readonly error?: string }) => {
      answered = true;
      if (reply.sha256 !== undefined) resolve(reply.sha256);
      else reject(new Error(reply.error));
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the hashing worker for ${file} stopped (exit code ${code}) without an answer`));
    });
  });
}
