// Writing a signals CSV (plain or gzip by the file name), in the reader's own column layout.

import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import type { SignalRow } from '../sim/types.js';
import { csvRow } from './csvText.js';
import { isoTs } from './runWriter.js';

export const SIGNALS_HEADER = ['ts', 'symbol', 'direction', 'score', 'regime', 'setup_type', 'stop_distance_pct', 'id', 'take_profit_r'];

/** The CSV text of signals in the given order. */
export function signalsCsvText(signals: readonly SignalRow[]): string {
  let text = csvRow(SIGNALS_HEADER);
  for (const s of signals) {
    text += csvRow([isoTs(s.tsMs), s.symbol, s.direction, s.score, s.regime, s.setupType, s.stopDistancePct, s.id ?? '', s.takeProfitR ?? '']);
  }
  return text;
}

/** Writes the signals to `file` atomically; `.gz` names are gzip-compressed (no timestamp in the header). */
export function writeSignalsFile(file: string, signals: readonly SignalRow[], tempTag: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const text = signalsCsvText(signals);
  const bytes = file.endsWith('.gz') ? gzipSync(Buffer.from(text, 'utf8'), { level: 9 }) : Buffer.from(text, 'utf8');
  const temp = `${file}.tmp-${tempTag}`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}
