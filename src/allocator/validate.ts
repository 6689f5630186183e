// Checks allocate() arguments before anything is built on them; every bad field is named with its value.

import { AllocatorInputError, IssueList } from './errors.js';
import type { CandidateSignal, OpenPositionMetadata, PortfolioState } from './types.js';

// The happy path is checked in tableBuilder.ts while the table is filled (the same tests as openSound,
// candidateSound and stateSound here, each field read once); when one fails, or the sort finds a duplicate id,
// validateAllocateArgs runs and names every issue. Its own checks build no strings for sound fields.

function isFiniteNumber(x: unknown): boolean {
  return typeof x === 'number' && x - x === 0;
}

function isNonNegative(x: unknown): boolean {
  return typeof x === 'number' && x - x === 0 && x >= 0;
}

function isNonEmptyString(x: unknown): boolean {
  return typeof x === 'string' && x.length > 0;
}

function commonSound(item: Record<string, unknown>): boolean {
  return (
    isNonEmptyString(item.id) &&
    isNonEmptyString(item.symbol) &&
    (item.direction === 'long' || item.direction === 'short') &&
    typeof item.cluster === 'string'
  );
}

function openSound(open: OpenPositionMetadata): boolean {
  const item = open as unknown as Record<string, unknown>;
  return (
    commonSound(item) &&
    isFiniteNumber(item.entryScore) &&
    isFiniteNumber(item.currentPnlR) &&
    isNonNegative(item.marginUsed) &&
    isNonNegative(item.ageMinutes) &&
    typeof item.isProtectiveOrdersLive === 'boolean' &&
    (item.trendR === undefined || isFiniteNumber(item.trendR))
  );
}

function candidateSound(candidate: CandidateSignal): boolean {
  const item = candidate as unknown as Record<string, unknown>;
  return commonSound(item) && isFiniteNumber(item.score) && isNonNegative(item.requiredMargin) && isNonNegative(item.riskR);
}

function describeCommon(path: string, item: Record<string, unknown>, issues: IssueList): void {
  issues.nonEmptyString(`${path}.id`, item.id);
  issues.nonEmptyString(`${path}.symbol`, item.symbol);
  if (item.direction !== 'long' && item.direction !== 'short') issues.add(`${path}.direction`, '"long" or "short"', item.direction);
  if (typeof item.cluster !== 'string') issues.add(`${path}.cluster`, 'a string', item.cluster);
}

function describeOpen(path: string, open: unknown, issues: IssueList): void {
  if (typeof open !== 'object' || open === null) {
    issues.add(path, 'an object', open);
    return;
  }
  const item = open as Record<string, unknown>;
  describeCommon(path, item, issues);
  issues.finiteNumber(`${path}.entryScore`, item.entryScore);
  issues.finiteNumber(`${path}.currentPnlR`, item.currentPnlR);
  issues.nonNegative(`${path}.marginUsed`, item.marginUsed);
  issues.nonNegative(`${path}.ageMinutes`, item.ageMinutes);
  if (typeof item.isProtectiveOrdersLive !== 'boolean') {
    issues.add(`${path}.isProtectiveOrdersLive`, 'a boolean', item.isProtectiveOrdersLive);
  }
  if (item.trendR !== undefined) issues.finiteNumber(`${path}.trendR`, item.trendR);
}

function describeCandidate(path: string, candidate: unknown, issues: IssueList): void {
  if (typeof candidate !== 'object' || candidate === null) {
    issues.add(path, 'an object', candidate);
    return;
  }
  const item = candidate as Record<string, unknown>;
  describeCommon(path, item, issues);
  issues.finiteNumber(`${path}.score`, item.score);
  issues.nonNegative(`${path}.requiredMargin`, item.requiredMargin);
  issues.nonNegative(`${path}.riskR`, item.riskR);
}

/** The happy-path check of the state: true when checkState would find nothing. */
export function stateSound(state: PortfolioState): boolean {
  return (
    typeof state === 'object' &&
    state !== null &&
    isNonNegative(state.availableMargin) &&
    isFiniteNumber(state.accountEquity) &&
    isFiniteNumber(state.nowMs) &&
    (state.correlation === undefined || typeof state.correlation === 'function')
  );
}

function checkState(state: PortfolioState, issues: IssueList): void {
  if (typeof state !== 'object' || state === null) {
    issues.add('portfolioState', 'an object', state);
    return;
  }
  issues.nonNegative('portfolioState.availableMargin', state.availableMargin);
  issues.finiteNumber('portfolioState.accountEquity', state.accountEquity);
  issues.finiteNumber('portfolioState.nowMs', state.nowMs);
  if (state.correlation !== undefined && typeof state.correlation !== 'function') {
    issues.add('portfolioState.correlation', 'a function (symbolA, symbolB) => number', state.correlation);
  }
}

function idsUnique(openPositions: readonly OpenPositionMetadata[], candidates: readonly CandidateSignal[]): boolean {
  const seen = new Set<unknown>();
  for (const open of openPositions) seen.add(open?.id);
  for (const candidate of candidates) seen.add(candidate?.id);
  return seen.size === openPositions.length + candidates.length;
}

function describeDuplicateIds(
  openPositions: readonly OpenPositionMetadata[],
  candidates: readonly CandidateSignal[],
  issues: IssueList,
): void {
  const firstPath = new Map<string, string>();
  const note = (id: unknown, path: string): void => {
    if (typeof id !== 'string') return;
    const first = firstPath.get(id);
    if (first === undefined) firstPath.set(id, path);
    else issues.add(`${path}.id`, `an id unique among all contenders (${first}.id has it too)`, id);
  };
  openPositions.forEach((open, i) => note(open?.id, `openPositions[${i}]`));
  candidates.forEach((candidate, i) => note(candidate?.id, `candidateSignals[${i}]`));
}

/** Throws AllocatorInputError listing every bad field of the arguments; returns normally when all are sound. */
export function validateAllocateArgs(
  openPositions: readonly OpenPositionMetadata[],
  candidates: readonly CandidateSignal[],
  state: PortfolioState,
): void {
  const issues = new IssueList();
  if (!Array.isArray(openPositions)) issues.add('openPositions', 'an array', openPositions);
  if (!Array.isArray(candidates)) issues.add('candidateSignals', 'an array', candidates);
  issues.throwIfAny();
  for (let i = 0; i < openPositions.length; i++) {
    const open = openPositions[i]!;
    if (typeof open !== 'object' || open === null || !openSound(open)) {
      describeOpen(`openPositions[${i}]`, open, issues);
    }
  }
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i]!;
    if (typeof candidate !== 'object' || candidate === null || !candidateSound(candidate)) {
      describeCandidate(`candidateSignals[${i}]`, candidate, issues);
    }
  }
  checkState(state, issues);
  if (!idsUnique(openPositions, candidates)) describeDuplicateIds(openPositions, candidates, issues);
  if (issues.messages.length > 0) throw new AllocatorInputError(issues.messages);
}
