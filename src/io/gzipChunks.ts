// A gzip file written as one gzip member per megabyte of text, in order: how decisions.jsonl.gz is laid out.

import { writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Text gathered before it is compressed as one member. */
export const CHUNK_TEXT_LENGTH = 1 << 20;
/** Level 1: decisions are millions of repetitive lines; the fastest level still shrinks them ~8×. */
const GZIP_LEVEL = 1;

/**
 * Text in pieces (a cycle's lines each), encoded straight into one reused buffer and compressed once the pieces
 * reach CHUNK_TEXT_LENGTH characters: member boundaries depend only on the text, so the file's bytes are the same
 * whichever thread writes it, and no megabyte string is ever joined.
 */
export class GzipChunks {
  private buffer = Buffer.allocUnsafe(CHUNK_TEXT_LENGTH * 2);
  private bytes = 0;
  /** UTF-16 length of the text in the chunk: the boundary rule counts characters, as the text's length does. */
  private chars = 0;

  constructor(private readonly fd: number) {}

  /** Adds text to the current piece. */
  write(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const buffer = this.room(text.length * 3);
    this.bytes += buffer.write(text, this.bytes, 'utf8');
    this.chars += text.length;
  }

  /** The buffer, with room for `bytes` more after `position` (PackedLineEncoder writes there). */
  room(bytes: number): Buffer {
    if (this.buffer.length - this.bytes < bytes) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.bytes + bytes));
      this.buffer.copy(bigger, 0, 0, this.bytes);
      this.buffer = bigger;
    }
    return this.buffer;
  }

  /** Where the next byte goes. */
  get position(): number {
    return this.bytes;
  }

  /** Counts bytes written in place after `position`, holding `chars` UTF-16 characters. */
  wrote(bytes: number, chars: number): void {
    this.bytes += bytes;
    this.chars += chars;
  }

  /** Ends a piece: the chunk is compressed and written once it holds CHUNK_TEXT_LENGTH characters. */
  endPiece(): void {
    if (this.chars >= CHUNK_TEXT_LENGTH) this.flush();
  }

  /** A whole piece. */
  append(text: string): void {
    this.write(text);
    this.endPiece();
  }

  /** Compresses and writes what is gathered (nothing when empty); throws what the write throws. */
  flush(): void {
    if (this.chars === 0) return;
    const compressed = gzipSync(this.buffer.subarray(0, this.bytes), { level: GZIP_LEVEL });
    this.bytes = 0;
    this.chars = 0;
    writeSync(this.fd, compressed);
  }
}
