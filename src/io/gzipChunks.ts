// A gzip file written as one gzip member per megabyte of text, in order: how decisions.jsonl.gz is laid out.

import { writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Text gathered before it is compressed as one member. */
export const CHUNK_TEXT_LENGTH = 1 << 20;
/** Level 1: decisions are millions of repetitive lines; the fastest level still shrinks them ~8×. */
const GZIP_LEVEL = 1;

/**
 * Appends whole pieces of text (a cycle's lines each) and compresses them once they reach CHUNK_TEXT_LENGTH: the
 * member boundaries depend only on the text, so the file's bytes are the same whichever thread writes it.
 */
export class GzipChunks {
  private parts: string[] = [];
  private pending = 0;

  constructor(private readonly fd: number) {}

  /** Whether appending `length` more would complete a chunk. */
  wouldFlush(length: number): boolean {
    return this.pending + length >= CHUNK_TEXT_LENGTH;
  }

  /** The text gathered so far, taken out (for another thread to go on with). */
  takeText(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    return text;
  }

  append(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= CHUNK_TEXT_LENGTH) this.flush();
  }

  /** Compresses and writes what is gathered (nothing when empty); throws what the write throws. */
  flush(): void {
    if (this.pending === 0) return;
    const data = Buffer.from(this.takeText(), 'utf8');
    writeSync(this.fd, gzipSync(data, { level: GZIP_LEVEL }));
  }
}
