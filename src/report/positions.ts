// Position life cycles rebuilt from fills.csv: held names per cycle, re-entries and flip-flops.

import type { Direction } from '../allocator/types.js';
import type { CycleRow, RunData } from '../io/runReader.js';

export interface PositionSpan {
  readonly positionId: string;
  readonly symbol: string;
  readonly direction: Direction;
  /** The cycle whose plan opened it, and the time of the open fill. */
  readonly openCycleMs: number;
  readonly openFillMs: number;
  /** Absent while the run left it open (bankruptcy). */
  readonly exitCycleMs?: number;
  readonly exitFillMs?: number;
  readonly exitReason?: string;
  readonly exitAction?: string;
}

export type ChurnKind = 'reentry' | 'flip_flop';

export interface ChurnEvent {
  readonly kind: ChurnKind;
  /** The cycle whose plan reopened the symbol. */
  readonly cycleMs: number;
  readonly symbol: string;
  readonly positionId: string;
  /** Cycles between the exit and the reopening decision. */
  readonly gapCycles: number;
}

/** Index of the last cycle at or before `ms` (0 when before the first), by binary search. */
export function cycleIndexAt(cycles: readonly CycleRow[], ms: number): number {
  let lo = 0;
  let hi = cycles.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((cycles[mid] as CycleRow).tsMs <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** One span per position id: its open fill and its last exit fill, sorted by open time then id. */
export function positionSpans(run: RunData): PositionSpan[] {
  const spans = new Map<string, { -readonly [K in keyof PositionSpan]: PositionSpan[K] }>();
  const fills = [...run.fills].sort((a, b) => a.fillMs - b.fillMs || a.cycleMs - b.cycleMs);
  for (const fill of fills) {
    if (fill.action === 'open') {
      if (!spans.has(fill.positionId)) {
        spans.set(fill.positionId, {
          positionId: fill.positionId, symbol: fill.symbol, direction: fill.side === 'buy' ? 'long' : 'short',
          openCycleMs: fill.cycleMs, openFillMs: fill.fillMs,
        });
      }
      continue;
    }
    const span = spans.get(fill.positionId);
    if (span === undefined) continue;
    span.exitCycleMs = fill.cycleMs;
    span.exitFillMs = fill.fillMs;
    span.exitReason = fill.reason;
    span.exitAction = fill.action;
  }
  return [...spans.values()].sort((a, b) => a.openFillMs - b.openFillMs || compareText(a.positionId, b.positionId));
}

/** Code-unit order: locale-free, so reports do not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Name churn per cycle: for each cycle t ≥ 1 with held(t−1) non-empty, |held(t−1) ∖ held(t)| / |held(t−1)|, where
 * held(t) is the set of symbols held after cycle t's fills (opened at or before its time, not yet exited), and
 * end_of_data exits count as held through the last cycle: liquidating at the end is not churn.
 *
 * Computed from the changes alone: only a symbol whose count moved in a cycle can leave the set, so a long run
 * of quiet cycles costs no set per cycle (a 5-minute year has 105 120 of them).
 */
export function nameChurnShares(run: RunData, spans: readonly PositionSpan[] = positionSpans(run)): number[] {
  const opens = [...spans].sort((a, b) => a.openFillMs - b.openFillMs);
  const exits = spans
    .filter((s) => s.exitFillMs !== undefined && s.exitAction !== 'end_of_data')
    .sort((a, b) => (a.exitFillMs as number) - (b.exitFillMs as number));
  const counts = new Map<string, number>();
  const shares: number[] = [];
  /** Symbols whose count moved in this cycle, and whether each was held before it. */
  const heldBefore = new Map<string, boolean>();
  let i = 0;
  let j = 0;
  for (let t = 0; t < run.cycles.length; t++) {
    const tsMs = (run.cycles[t] as CycleRow).tsMs;
    const sizeBefore = counts.size;
    heldBefore.clear();
    for (; i < opens.length && (opens[i] as PositionSpan).openFillMs <= tsMs; i++) {
      const symbol = (opens[i] as PositionSpan).symbol;
      if (!heldBefore.has(symbol)) heldBefore.set(symbol, counts.has(symbol));
      counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    for (; j < exits.length && ((exits[j] as PositionSpan).exitFillMs as number) <= tsMs; j++) {
      const symbol = (exits[j] as PositionSpan).symbol;
      if (!heldBefore.has(symbol)) heldBefore.set(symbol, counts.has(symbol));
      const left = (counts.get(symbol) ?? 0) - 1;
      if (left > 0) counts.set(symbol, left);
      else counts.delete(symbol);
    }
    if (t === 0 || sizeBefore === 0) continue;
    let left = 0;
    for (const [symbol, wasHeld] of heldBefore) if (wasHeld && !counts.has(symbol)) left++;
    shares.push(left / sizeBefore);
  }
  return shares;
}

/** Exited spans grouped by key, each group in exit order, for "last exit before t" look-ups. */
function exitsBy(spans: readonly PositionSpan[], key: (s: PositionSpan) => string): Map<string, PositionSpan[]> {
  const groups = new Map<string, PositionSpan[]>();
  for (const span of spans) {
    if (span.exitFillMs === undefined) continue;
    const group = groups.get(key(span));
    if (group === undefined) groups.set(key(span), [span]);
    else group.push(span);
  }
  for (const group of groups.values()) group.sort((a, b) => (a.exitFillMs as number) - (b.exitFillMs as number));
  return groups;
}

/** The latest exit at or before `ms` in an exit-ordered group, other than `self`. */
function lastExitBefore(group: readonly PositionSpan[] | undefined, ms: number, self: PositionSpan): PositionSpan | undefined {
  if (group === undefined) return undefined;
  let lo = 0;
  let hi = group.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (((group[mid] as PositionSpan).exitFillMs as number) <= ms) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0; k--) if (group[k] !== self) return group[k];
  return undefined;
}

/**
 * Re-entries: an open of a symbol within `reentryWindowCycles` cycles (decision to decision) of that
 * symbol's previous exit. Flip-flops: those whose previous exit of the same symbol and direction was a swap_out.
 */
export function churnEvents(run: RunData, spans: readonly PositionSpan[] = positionSpans(run)): ChurnEvent[] {
  const window = run.settings.reentryWindowCycles;
  const bySymbol = exitsBy(spans, (s) => s.symbol);
  const bySide = exitsBy(spans, (s) => `${s.direction}:${s.symbol}`);
  const events: ChurnEvent[] = [];
  const ordered = [...spans].sort((a, b) => a.openCycleMs - b.openCycleMs || a.openFillMs - b.openFillMs || compareText(a.positionId, b.positionId));
  for (const span of ordered) {
    const openIndex = cycleIndexAt(run.cycles, span.openCycleMs);
    const gapTo = (exit: PositionSpan): number => openIndex - cycleIndexAt(run.cycles, exit.exitCycleMs as number);
    const lastExit = lastExitBefore(bySymbol.get(span.symbol), span.openFillMs, span);
    if (lastExit !== undefined && gapTo(lastExit) <= window) {
      events.push({ kind: 'reentry', cycleMs: span.openCycleMs, symbol: span.symbol, positionId: span.positionId, gapCycles: gapTo(lastExit) });
    }
    const lastSameSide = lastExitBefore(bySide.get(`${span.direction}:${span.symbol}`), span.openFillMs, span);
    if (lastSameSide !== undefined && lastSameSide.exitReason === 'swap_out' && gapTo(lastSameSide) <= window) {
      events.push({ kind: 'flip_flop', cycleMs: span.openCycleMs, symbol: span.symbol, positionId: span.positionId, gapCycles: gapTo(lastSameSide) });
    }
  }
  return events;
}
