// Proves that the two tallies of hard limits apply one rule (allocator.md §4):
//   1. For any book and any newcomer, the allocator's typed-array Book and the Map tally the baseline policy
//      opens by (limits.ts) name the same first broken limit, or none, when adding it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Book } from '../../src/allocator/book.js';
import { ContenderTable } from '../../src/allocator/contender.js';
import { limitBrokenByAdding, PortfolioTally, type Member, type ResolvedLimits } from '../../src/allocator/limits.js';
import { REASON_CODES } from '../../src/allocator/types.js';
import { numRuns } from './arbitraries.js';

const memberArb = fc.record({
  symbol: fc.integer({ min: 0, max: 4 }),
  cluster: fc.integer({ min: 0, max: 2 }),
  margin: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 5_000, noNaN: true })),
  long: fc.boolean(),
});

const limitsArb = fc.record({
  maxPositions: fc.integer({ min: 1, max: 8 }),
  maxMarginUtil: fc.constant(0.9),
  maxPerCluster: fc.integer({ min: 1, max: 4 }),
  maxPerSymbol: fc.integer({ min: 1, max: 2 }),
  maxNetLong: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: undefined }),
  maxNetShort: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: undefined }),
  marginCap: fc.double({ min: 0, max: 20_000, noNaN: true }),
});

describe('the Book and the Map tally agree (1)', () => {
  it('name the same first limit that adding a newcomer breaks', () => {
    fc.assert(
      fc.property(fc.array(memberArb, { minLength: 1, maxLength: 12 }), limitsArb, (members, limits: ResolvedLimits) => {
        const table = new ContenderTable();
        table.ensureCapacity(members.length);
        table.n = members.length;
        members.forEach((m, c) => {
          table.symbol[c] = m.symbol;
          table.cluster[c] = m.cluster;
          table.margin[c] = m.margin;
          table.side[c] = m.long ? 0 : 1;
        });
        const asMember = (c: number): Member => {
          const m = members[c]!;
          return { symbol: `S${m.symbol}`, cluster: `C${m.cluster}`, margin: m.margin, sign: m.long ? 1 : -1 };
        };
        const book = new Book(table);
        book.reset(table, 3, 5);
        const tally = new PortfolioTally();
        // The last member is the newcomer; the others are added in order, each only when both allow it.
        const newcomer = members.length - 1;
        for (let c = 0; c < newcomer; c++) {
          const fromBook = book.limitBrokenByAdding(c, limits);
          const fromTally = limitBrokenByAdding(tally, asMember(c), limits);
          expect(fromBook === 0 ? null : REASON_CODES[fromBook]).toBe(fromTally);
          if (fromTally === null) {
            book.add(c);
            tally.add(asMember(c));
          }
        }
        const fromBook = book.limitBrokenByAdding(newcomer, limits);
        expect(fromBook === 0 ? null : REASON_CODES[fromBook]).toBe(limitBrokenByAdding(tally, asMember(newcomer), limits));
      }),
      { numRuns },
    );
  });
});
