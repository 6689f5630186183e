// Checks allocate() arguments before anything is built on them; every bad field is named with its value.

import { AllocatorInputError, IssueList } from './errors.js';
import type { CandidateSignal, OpenPositionMetadata, PortfolioState } from './types.js';

function isDirection(value: unknown): boolean {
  return value === 'long' || value === 'short';
}

function checkCommon(path: string, item: Record<string, unknown>, issues: IssueList): void {
  issues.nonEmptyString(`${path}.id`, item.id);
  issues.nonEmptyString(`${path}.symbol`, item.symbol);
  if (!isDirection(item.direction)) issues.add(`${path}.direction`, '"long" or "short"', item.direction);
  if (typeof item.cluster !== 'string') issues.add(`${path}.cluster`, 'a string', item.cluster);
}

function checkOpen(path: string, open: OpenPositionMetadata, issues: IssueList): void {
  const item = open as unknown as Record<string, unknown>;
  checkCommon(path, item, issues);
  issues.finiteNumber(`${path}.entryScore`, item.entryScore);
  issues.finiteNumber(`${path}.currentPnlR`, item.currentPnlR);
  issues.nonNegative(`${path}.marginUsed`, item.marginUsed);
  issues.nonNegative(`${path}.ageMinutes`, item.ageMinutes);
  if (typeof item.isProtectiveOrdersLive !== 'boolean') {
    issues.add(`${path}.isProtectiveOrdersLive`, 'a boolean', item.isProtectiveOrdersLive);
  }
  if (item.trendR !== undefined) issues.finiteNumber(`${path}.trendR`, item.trendR);
}

function checkCandidate(path: string, candidate: CandidateSignal, issues: IssueList): void {
  const item = candidate as unknown as Record<string, unknown>;
  checkCommon(path, item, issues);
  issues.finiteNumber(`${path}.score`, item.score);
  issues.nonNegative(`${path}.requiredMargin`, item.requiredMargin);
  issues.nonNegative(`${path}.riskR`, item.riskR);
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

function checkIds(
  openPositions: readonly OpenPositionMetadata[],
  candidates: readonly CandidateSignal[],
  issues: IssueList,
): void {
  const seen = new Map<string, string>();
  const note = (id: unknown, path: string): void => {
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, path);
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
  openPositions.forEach((open, i) => {
    if (typeof open !== 'object' || open === null) issues.add(`openPositions[${i}]`, 'an object', open);
    else checkOpen(`openPositions[${i}]`, open, issues);
  });
  candidates.forEach((candidate, i) => {
    if (typeof candidate !== 'object' || candidate === null) issues.add(`candidateSignals[${i}]`, 'an object', candidate);
    else checkCandidate(`candidateSignals[${i}]`, candidate, issues);
  });
  checkState(state, issues);
  checkIds(openPositions, candidates, issues);
  if (issues.messages.length > 0) throw new AllocatorInputError(issues.messages);
}
