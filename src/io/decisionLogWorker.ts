// The decision log's worker thread: formats packed decisions as JSON lines, compresses and writes them in order.

import { parentPort, workerData } from 'node:worker_threads';
import type { PackedDecisions } from './decisionLine.js';
import { PackedLineEncoder } from './packedLineEncoder.js';
import { GzipChunks } from './gzipChunks.js';

export type ToDecisionWorker =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'batch'; readonly packed: PackedDecisions }
  | { readonly type: 'end' };

export type FromDecisionWorker = { readonly type: 'ack' } | { readonly type: 'done' } | { readonly type: 'error'; readonly message: string };

const port = parentPort!;
const chunks = new GzipChunks((workerData as { fd: number }).fd);
const encoder = new PackedLineEncoder();
/** After a failed write nothing more is written; messages are still answered so the replay never waits forever. */
let failed = false;

function reply(message: FromDecisionWorker): void {
  port.postMessage(message);
}

function attempt(work: () => void): void {
  if (failed) return;
  try {
    work();
  } catch (error) {
    failed = true;
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (message: ToDecisionWorker) => {
  if (message.type === 'text') attempt(() => chunks.append(message.text));
  else if (message.type === 'batch') {
    attempt(() => encoder.encode(message.packed, chunks));
    reply({ type: 'ack' });
  } else {
    attempt(() => chunks.flush());
    reply({ type: 'done' });
  }
});
