// Proves the invariants of allocator.md §10:
//   10.1 Determinism: equal inputs in any permutation give deep-equal plans.
//   10.6 Every input contender has exactly one decision, with a reason; `reasons` sums to their count.
//   10.7 Inputs are not mutated.
// Also the plan's bookkeeping agrees with its decisions (closes ↔ `close`, opens ↔ `open`).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuctionAllocator } from '../../src/index.js';
import type { AllocationPlan, CandidateSignal, OpenPositionMetadata } from '../../src/allocator/types.js';
import { REASON_CODES } from '../../src/allocator/types.js';
import { numRuns, permutationKeysArb, permute, scenarioArb } from './arbitraries.js';
import type { Scenario } from './arbitraries.js';
import { deepFreeze } from './reference.js';

function run(s: Scenario, opens = s.opens, candidates = s.candidates): AllocationPlan {
  return new AuctionAllocator(s.options).allocate(opens, candidates, s.state);
}

/** A deep copy of plain input data (the correlation function is shared, it has no state). */
function copyOf<T>(xs: readonly T[]): T[] {
  return xs.map((x) => ({ ...x }));
}

describe('determinism (10.1)', () => {
  it('gives the same plan, element for element, for any order of the input arrays', () => {
    fc.assert(
      fc.property(scenarioArb({ fractionalMargins: true }), permutationKeysArb, permutationKeysArb, (s, k1, k2) => {
        const plan = run(s);
        const shuffled = run(s, permute(s.opens, k1), permute(s.candidates, k2));
        expect(shuffled).toStrictEqual(plan);
      }),
      { numRuns },
    );
  });

  it('gives the same plan for integer margins in any order, and for fresh copies of the inputs', () => {
    fc.assert(
      fc.property(scenarioArb(), permutationKeysArb, permutationKeysArb, (s, k1, k2) => {
        const allocator = new AuctionAllocator(s.options);
        const plan = allocator.allocate(s.opens, s.candidates, s.state);
        expect(allocator.allocate(permute(s.opens, k1), permute(s.candidates, k2), s.state)).toStrictEqual(plan);
        const again = new AuctionAllocator({ ...s.options }).allocate(copyOf(s.opens), copyOf(s.candidates), { ...s.state });
        expect(again).toStrictEqual(plan);
      }),
      { numRuns },
    );
  });
});

function checkDecisions(
  opens: readonly OpenPositionMetadata[],
  candidates: readonly CandidateSignal[],
  plan: AllocationPlan,
): void {
  const expectedKeys = [...opens.map((o) => `held:${o.id}`), ...candidates.map((c) => `new:${c.id}`)].sort();
  const keys = plan.decisions.map((d) => `${d.kind}:${d.id}`);
  expect([...keys].sort()).toEqual(expectedKeys);
  // Sorted: held before new, then id.
  const sorted = [...plan.decisions].sort((a, b) =>
    a.kind !== b.kind ? (a.kind === 'held' ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  expect(keys).toEqual(sorted.map((d) => `${d.kind}:${d.id}`));
  const codes = new Set<string>(REASON_CODES);
  for (const d of plan.decisions) {
    expect(codes.has(d.reason)).toBe(true);
    expect(d.kind === 'held' ? ['keep', 'close'] : ['open', 'reject']).toContain(d.outcome);
    expect(Number.isFinite(d.value)).toBe(true);
    expect(Number.isFinite(d.swapValue)).toBe(true);
  }
  let total = 0;
  for (const code of REASON_CODES) {
    expect(plan.reasons[code]).toBe(plan.decisions.filter((d) => d.reason === code).length);
    total += plan.reasons[code];
  }
  expect(total).toBe(opens.length + candidates.length);
  expect(Object.keys(plan.reasons).length).toBe(REASON_CODES.length);

  // Bookkeeping: closes are exactly the held `close` decisions, opens exactly the new `open` ones.
  const closed = plan.decisions.filter((d) => d.outcome === 'close').map((d) => d.id);
  const opened = plan.decisions.filter((d) => d.outcome === 'open').map((d) => d.id);
  expect([...plan.closes].sort()).toEqual(closed.sort());
  expect(plan.opens.map((c) => c.id).sort()).toEqual(opened.sort());
  expect(new Set(plan.closes).size).toBe(plan.closes.length);
  expect(new Set(plan.opens.map((c) => c.id)).size).toBe(plan.opens.length);
  for (const c of plan.opens) expect(candidates).toContain(c);
}

describe('one decision per contender (10.6)', () => {
  it('every input contender has exactly one decision, with a known reason, and the reason counts sum to them', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        checkDecisions(s.opens, s.candidates, run(s));
      }),
      { numRuns },
    );
  });
});

describe('no mutation (10.7)', () => {
  it('leaves its inputs unchanged, and works on deeply frozen inputs', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const { correlation, ...stateData } = s.state;
        const before = structuredClone({ options: s.options, opens: s.opens, candidates: s.candidates, stateData });
        const plan = run(s);
        // structuredClone on both sides, so that prototypes (fast-check's records have none) do not matter.
        const after = structuredClone({ options: s.options, opens: s.opens, candidates: s.candidates, stateData });
        expect(after).toStrictEqual(before);
        expect(s.state.correlation).toBe(correlation);

        const frozen: Scenario = deepFreeze(structuredClone({ options: s.options, opens: s.opens, candidates: s.candidates, state: stateData }));
        const frozenState = deepFreeze({ ...frozen.state, ...(correlation ? { correlation } : {}) });
        const frozenPlan = new AuctionAllocator(frozen.options).allocate(frozen.opens, frozen.candidates, frozenState);
        // Same content, so the same plan (opens are the frozen copies of the same signals).
        expect(JSON.parse(JSON.stringify(frozenPlan))).toStrictEqual(JSON.parse(JSON.stringify(plan)));
      }),
      { numRuns },
    );
  });
});
