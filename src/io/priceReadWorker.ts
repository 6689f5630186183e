// The price reader's worker thread: reads, checks and parses price files, and hands each chunk's bars over.

import { parentPort } from 'node:worker_threads';
import { SymbolTable } from './csvFastPath.js';
import type { PreparedFile } from './csvCheck.js';
import { priceBatches } from './csvMerge.js';
import { PriceChecker, type PriceBatch } from './csvPriceRows.js';
import { InputError, type InputIssue } from './inputError.js';

/** The columns of one batch, each its own buffer so that all of them are transferred, not copied. */
export interface PriceColumns {
  readonly n: number;
  readonly tsMs: Float64Array<ArrayBuffer>;
  readonly symbol: Int32Array<ArrayBuffer>;
  readonly open: Float64Array<ArrayBuffer>;
  readonly high: Float64Array<ArrayBuffer>;
  readonly low: Float64Array<ArrayBuffer>;
  readonly close: Float64Array<ArrayBuffer>;
  readonly volume: Float64Array<ArrayBuffer>;
  readonly line: Int32Array<ArrayBuffer>;
}

export type ToPriceWorker =
  | { readonly type: 'open'; readonly files: readonly PreparedFile[]; readonly chunkBytes: number }
  /** The next batch of file `file`. */
  | { readonly type: 'next'; readonly file: number };

/** Every reply carries the symbol names met since the last one, in id order: the ids in its batch are among them. */
export type FromPriceWorker =
  | { readonly type: 'batch'; readonly file: number; readonly names: string[]; readonly columns: PriceColumns }
  | { readonly type: 'end'; readonly file: number; readonly names: string[] }
  | { readonly type: 'bad-input'; readonly file: number; readonly names: string[]; readonly issues: readonly InputIssue[]; readonly moreCount: number }
  | { readonly type: 'failed'; readonly file: number; readonly names: string[]; readonly message: string };

const port = parentPort!;
const symbols = new SymbolTable();
let namesSent = 0;
let files: AsyncGenerator<PriceBatch>[] = [];

function newNames(): string[] {
  const names = symbols.names.slice(namesSent);
  namesSent = symbols.names.length;
  return names;
}

/** The batch's rows in buffers of their own (the checker refills its batch for the next chunk). */
function columnsOf(b: PriceBatch): PriceColumns {
  const n = b.n;
  return {
    n,
    tsMs: b.tsMs.slice(0, n),
    symbol: b.symbol.slice(0, n),
    open: b.open.slice(0, n),
    high: b.high.slice(0, n),
    low: b.low.slice(0, n),
    close: b.close.slice(0, n),
    volume: b.volume.slice(0, n),
    line: b.line.slice(0, n),
  };
}

async function sendNext(file: number): Promise<void> {
  let reply: FromPriceWorker;
  let transfer: ArrayBuffer[] = [];
  try {
    const next = await files[file]!.next();
    if (next.done === true) reply = { type: 'end', file, names: newNames() };
    else {
      const columns = columnsOf(next.value);
      reply = { type: 'batch', file, names: newNames(), columns };
      transfer = [columns.tsMs, columns.symbol, columns.open, columns.high, columns.low, columns.close, columns.volume, columns.line].map((a) => a.buffer);
    }
  } catch (error) {
    if (error instanceof InputError) reply = { type: 'bad-input', file, names: newNames(), issues: error.issues, moreCount: error.moreCount };
    else reply = { type: 'failed', file, names: newNames(), message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply, transfer);
}

port.on('message', (message: ToPriceWorker) => {
  if (message.type === 'open') {
    files = message.files.map((file) => priceBatches(new PriceChecker(file, symbols), message.chunkBytes));
  } else void sendNext(message.file);
});
