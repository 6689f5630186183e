// decisions.jsonl.gz: written in line while short, then formatted and compressed on a worker thread.

import { closeSync, openSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Decision } from '../allocator/types.js';
import { cycleText, DecisionPacker } from './decisionLine.js';
import type { FromDecisionWorker, ToDecisionWorker } from './decisionLogWorker.js';
import { CHUNK_TEXT_LENGTH, GzipChunks } from './gzipChunks.js';

/** Decisions per batch sent to the worker (about 80 cycles of a 50-position book). */
const BATCH_DECISIONS = 4096;
/** Batches the worker may have queued before the replay is asked to wait. */
const MAX_BATCHES_IN_FLIGHT = 4;

/**
 * The compiled worker. Under the test runner this module is TypeScript source, which a worker thread cannot load:
 * it then uses the build's copy (the tests build dist/ before they start).
 */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../../dist/io/decisionLogWorker.js' : './decisionLogWorker.js', import.meta.url);

/**
 * Writing a long run's decision lines costs the replay about half its time: turning ten doubles a line into text,
 * then compressing. Until the first megabyte of text is complete the lines are formatted here (a short run never
 * starts a thread); from then on each cycle's decisions are packed into typed arrays and a worker formats,
 * compresses and writes them. Chunk boundaries depend only on the text, so the bytes are those of an in-line write.
 */
export class DecisionLog {
  private readonly fd: number;
  /** The lines formatted here, before the worker starts: under a chunk's worth. */
  private headParts: string[] = [];
  private headChars = 0;
  private worker: Worker | null = null;
  private readonly packer = new DecisionPacker(BATCH_DECISIONS);
  private inFlight = 0;
  private failure: Error | null = null;
  private roomMade: (() => void) | null = null;
  private finished: (() => void) | null = null;
  private isDone = false;

  constructor(filePath: string) {
    this.fd = openSync(filePath, 'w');
  }

  write(tsMs: number, decisions: readonly Decision[]): void {
    if (this.worker === null) {
      const text = cycleText(tsMs, decisions);
      if (this.headChars + text.length < CHUNK_TEXT_LENGTH) {
        this.headParts.push(text);
        this.headChars += text.length;
      } else {
        // The chunk this cycle completes goes to the worker as one piece, as it would have been written here.
        this.startWorker(this.headParts.join('') + text);
        this.headParts = [];
      }
      return;
    }
    if (!this.packer.fits(decisions.length)) {
      if (this.packer.decisions > 0) this.postBatch();
      if (!this.packer.fits(decisions.length)) this.packer.growTo(decisions.length);
    }
    this.packer.add(tsMs, decisions);
  }

  /** A promise while the worker is MAX_BATCHES_IN_FLIGHT batches behind: the replay waits for it to catch up. */
  whenReady(): Promise<void> | null {
    if (this.worker === null || this.inFlight < MAX_BATCHES_IN_FLIGHT || this.failure !== null) return null;
    return new Promise<void>((resolve) => {
      this.roomMade = resolve;
    });
  }

  /** Writes what is left and closes the file; rejects with the first write error, here or in the worker. */
  async close(): Promise<void> {
    try {
      if (this.worker === null) {
        const chunks = new GzipChunks(this.fd);
        chunks.write(this.headParts.join(''));
        chunks.flush();
      } else {
        if (this.packer.decisions > 0) this.postBatch();
        const done = new Promise<void>((resolve) => {
          this.finished = resolve;
        });
        this.send({ type: 'end' });
        if (!this.isDone && this.failure === null) await done;
        await this.worker.terminate();
      }
    } finally {
      closeSync(this.fd);
    }
    if (this.failure !== null) throw this.failure;
  }

  private startWorker(firstText: string): void {
    const worker = new Worker(WORKER_URL, { workerData: { fd: this.fd } });
    worker.on('message', (message: FromDecisionWorker) => this.received(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (!this.isDone) this.fail(new Error(`the decision log's worker stopped (exit code ${code}) before the log was complete`));
    });
    this.worker = worker;
    this.send({ type: 'text', text: firstText });
  }

  private postBatch(): void {
    const packed = this.packer.take();
    this.inFlight++;
    this.send({ type: 'batch', packed }, [packed.tsMs.buffer, packed.counts.buffer, packed.nums.buffer, packed.codes.buffer, packed.refs.buffer]);
  }

  private send(message: ToDecisionWorker, transfer: ArrayBuffer[] = []): void {
    this.worker!.postMessage(message, transfer);
  }

  private received(message: FromDecisionWorker): void {
    if (message.type === 'ack') {
      this.inFlight--;
      this.makeRoom();
    } else if (message.type === 'done') {
      this.isDone = true;
      this.finished?.();
    } else this.fail(new Error(message.message));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.isDone = true;
    this.makeRoom();
    this.finished?.();
  }

  private makeRoom(): void {
    if (this.roomMade !== null && (this.inFlight < MAX_BATCHES_IN_FLIGHT || this.failure !== null)) {
      const resolve = this.roomMade;
      this.roomMade = null;
      resolve();
    }
  }
}
