import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHUNK_TEXT_LENGTH, GzipChunks } from '../../src/io/gzipChunks.js';

describe('GzipChunks', () => {
  it('writes one gzip member per piece that completes a chunk, counting characters, with any UTF-8 in the text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gzip-chunks-'));
    try {
      const file = join(dir, 'out.gz');
      const fd = openSync(file, 'w');
      const chunks = new GzipChunks(fd);
      // Pieces of lines with 1-, 2-, 3- and 4-byte characters, about 2.5 chunks in all.
      const pieces = Array.from({ length: 2000 }, (_, i) =>
        Array.from({ length: 10 }, (_, j) => `{"id":"é-${i}-${j}","sym":"€${'x'.repeat(j * 20)}","note":"😀"}\n`),
      );
      // The reference: whole strings, a member each time the characters reach CHUNK_TEXT_LENGTH after a piece.
      const members: Buffer[] = [];
      let pending = '';
      for (const lines of pieces) {
        for (const line of lines) chunks.write(line);
        chunks.endPiece();
        pending += lines.join('');
        if (pending.length >= CHUNK_TEXT_LENGTH) {
          members.push(gzipSync(Buffer.from(pending, 'utf8'), { level: 1 }));
          pending = '';
        }
      }
      chunks.flush();
      members.push(gzipSync(Buffer.from(pending, 'utf8'), { level: 1 }));
      closeSync(fd);
      expect(members.length).toBe(3);
      expect(readFileSync(file).equals(Buffer.concat(members))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
