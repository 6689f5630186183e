// Tests of timestamp cell parsing: every accepted form, zones, ranges, and what is refused.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { daysFromCivil, formatTsMs, parseTimestamp, parseUtcOffsetMs } from '../../src/io/timestamps.js';

const HOUR_MS = 3_600_000;

describe('parseTimestamp', () => {
  it('reads ISO dates and date-times as UTC', () => {
    expect(parseTimestamp('2021-04-21')).toBe(Date.UTC(2021, 3, 21));
    expect(parseTimestamp('2021-04-21T13:05:00Z')).toBe(Date.UTC(2021, 3, 21, 13, 5));
    expect(parseTimestamp('2021-04-21T13:05Z')).toBe(Date.UTC(2021, 3, 21, 13, 5));
    expect(parseTimestamp('2021-04-21 13:05:07')).toBe(Date.UTC(2021, 3, 21, 13, 5, 7));
    expect(parseTimestamp('2021-04-21T13:05:07.25Z')).toBe(Date.UTC(2021, 3, 21, 13, 5, 7, 250));
    expect(parseTimestamp('2020-01-01 03:00:00.002')).toBe(Date.UTC(2020, 0, 1, 3, 0, 0, 2));
    // Digits beyond the millisecond are truncated, not rounded.
    expect(parseTimestamp('2020-01-01T00:00:00.123999Z')).toBe(Date.UTC(2020, 0, 1, 0, 0, 0, 123));
  });

  it('applies an explicit zone, and the default offset only to zone-less values', () => {
    expect(parseTimestamp('2021-04-21T16:05:00+03:00')).toBe(Date.UTC(2021, 3, 21, 13, 5));
    expect(parseTimestamp('2021-04-21T16:05:00+0300')).toBe(Date.UTC(2021, 3, 21, 13, 5));
    expect(parseTimestamp('2021-04-21T10:05:00-03')).toBe(Date.UTC(2021, 3, 21, 13, 5));
    expect(parseTimestamp('2021-04-21 16:05:00', 3 * HOUR_MS)).toBe(Date.UTC(2021, 3, 21, 13, 5));
    expect(parseTimestamp('2021-04-21T13:05:00Z', 3 * HOUR_MS)).toBe(Date.UTC(2021, 3, 21, 13, 5));
    expect(parseTimestamp('2021-04-21', -5 * HOUR_MS)).toBe(Date.UTC(2021, 3, 21, 5));
  });

  it('reads digits as epoch seconds below 1e11 and as milliseconds above', () => {
    expect(parseTimestamp('1618963200')).toBe(1_618_963_200_000);
    expect(parseTimestamp('1618963200000')).toBe(1_618_963_200_000);
    expect(parseTimestamp('0')).toBe(0);
    expect(parseTimestamp('99999999999')).toBe(99_999_999_999_000);
    expect(parseTimestamp('100000000000')).toBe(100_000_000_000);
  });

  it('refuses what is not a valid timestamp', () => {
    for (const bad of [
      '',
      'abc',
      '2021-13-01',
      '2021-02-29',
      '2021-04-31',
      '2021-04-21T24:00:00Z',
      '2021-04-21T13:60:00Z',
      '2021-04-21T13:05:60Z',
      '2021-04-21T13:05:00+25:00',
      '2021-04-21T13:05:00 UTC',
      '2021-04-21T13',
      '2021/04/21',
      '21-04-21',
      '-1618963200',
      '1618963200.5',
      '2021-04-21T13:05:00.Z',
      '1234567890123456',
      ' 2021-04-21',
    ]) {
      expect(parseTimestamp(bad), bad).toBeNaN();
    }
    expect(parseTimestamp('2020-02-29')).toBe(Date.UTC(2020, 1, 29));
    expect(parseTimestamp('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(parseTimestamp('1900-02-29')).toBeNaN();
  });

  it('agrees with Date.UTC on every day of four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1601, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
      }),
    );
  });
});

describe('parseUtcOffsetMs and formatTsMs', () => {
  it('parses offsets', () => {
    expect(parseUtcOffsetMs('+03:00')).toBe(3 * HOUR_MS);
    expect(parseUtcOffsetMs('-05:30')).toBe(-5.5 * HOUR_MS);
    expect(parseUtcOffsetMs('Z')).toBe(0);
    expect(parseUtcOffsetMs('3')).toBeNaN();
    expect(parseUtcOffsetMs('')).toBeNaN();
  });

  it('formats without milliseconds when there are none', () => {
    expect(formatTsMs(Date.UTC(2021, 3, 21))).toBe('2021-04-21T00:00:00Z');
    expect(formatTsMs(Date.UTC(2021, 3, 21, 0, 0, 0, 5))).toBe('2021-04-21T00:00:00.005Z');
  });
});
