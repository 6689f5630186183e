// The worker that hashes one large input file (fileHash.ts), off the replay's thread.

import { parentPort, workerData } from 'node:worker_threads';
import { sha256OfFile } from './fileHash.js';

const { file } = workerData as { readonly file: string };
sha256OfFile(file).then(
  (sha256) => parentPort!.postMessage({ sha256 }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
