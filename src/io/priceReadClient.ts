// Price files read on a worker thread: each file's batches as an async generator, one batch read ahead.

import { Worker } from 'node:worker_threads';
import { SymbolTable } from './csvFastPath.js';
import type { PreparedFile } from './csvCheck.js';
import { PriceBatch } from './csvPriceRows.js';
import { InputError } from './inputError.js';
import type { FromPriceWorker, PriceColumns, ToPriceWorker } from './priceReadWorker.js';

// Under vitest this module runs from src/, where a worker cannot load TypeScript: it takes the built file.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../../dist/io/priceReadWorker.js' : './priceReadWorker.js', import.meta.url);

/** One file's replies not yet taken, and the taker waiting for the next. */
class FileQueue {
  readonly replies: FromPriceWorker[] = [];
  waiting: ((reply: FromPriceWorker) => void) | null = null;
}

/**
 * Reading, checking and parsing prices was a fifth of a long replay's main thread. The worker does it while the
 * replay runs; each chunk's bars come back as columns whose buffers are transferred, not copied. The symbol table
 * here mirrors the worker's (the same names, the same ids), so the merge reads names and ranks as before.
 */
export class PriceReadClient {
  readonly symbols = new SymbolTable();
  private readonly worker: Worker;
  private readonly queues: FileQueue[];
  private closed = false;

  constructor(files: readonly PreparedFile[], chunkBytes: number) {
    this.queues = files.map(() => new FileQueue());
    this.worker = new Worker(WORKER_URL);
    this.worker.on('message', (reply: FromPriceWorker) => this.received(reply));
    this.worker.on('error', (error) => this.failAll(error.stack ?? error.message));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.failAll(`the price reader's worker stopped (exit code ${code})`);
    });
    this.send({ type: 'open', files, chunkBytes });
  }

  /** File k's batches in order; ends when the file does, throws its InputError when it is bad. */
  async *batches(k: number): AsyncGenerator<PriceBatch> {
    this.send({ type: 'next', file: k });
    for (;;) {
      const reply = await this.nextReply(k);
      if (reply.type === 'end') return;
      if (reply.type === 'bad-input') throw new InputError(reply.issues, reply.moreCount);
      if (reply.type === 'failed') throw new Error(reply.message);
      // Ask for the next chunk now, so the worker reads it while this one is merged and replayed.
      this.send({ type: 'next', file: k });
      yield batchOf(reply.columns);
    }
  }

  /** Stops the worker; pending reads are abandoned. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }

  private send(message: ToPriceWorker): void {
    if (!this.closed) this.worker.postMessage(message);
  }

  private nextReply(k: number): Promise<FromPriceWorker> {
    const queue = this.queues[k]!;
    const ready = queue.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => (queue.waiting = resolve));
  }

  private received(reply: FromPriceWorker): void {
    for (const name of reply.names) this.symbols.idOf(name);
    this.deliver(reply.file, reply);
  }

  private deliver(k: number, reply: FromPriceWorker): void {
    const queue = this.queues[k]!;
    const waiting = queue.waiting;
    if (waiting !== null) {
      queue.waiting = null;
      waiting(reply);
    } else queue.replies.push(reply);
  }

  private failAll(message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.queues.forEach((_, k) => this.deliver(k, { type: 'failed', file: k, names: [], message }));
  }
}

function batchOf(c: PriceColumns): PriceBatch {
  const batch = new PriceBatch(0);
  batch.n = c.n;
  batch.tsMs = c.tsMs;
  batch.symbol = c.symbol;
  batch.open = c.open;
  batch.high = c.high;
  batch.low = c.low;
  batch.close = c.close;
  batch.volume = c.volume;
  batch.line = c.line;
  return batch;
}
