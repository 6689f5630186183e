// Timestamp cells to epoch ms (UTC): ISO-8601 dates and date-times, epoch seconds or milliseconds; parsed by hand.

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Digit-only values at or above this are epoch milliseconds, below it epoch seconds (1e11 s is year 5138). */
const EPOCH_MS_THRESHOLD = 1e11;
/** Longer digit strings could lose precision as doubles; no real timestamp needs them. */
const MAX_EPOCH_DIGITS = 15;

/** Epoch ms of a digits-only cell's value (at most MAX_EPOCH_DIGITS digits): seconds below 1e11, else ms. */
export function epochToMs(value: number): number {
  return value >= EPOCH_MS_THRESHOLD ? value : value * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil); month 1-12. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Value of `n` ASCII digits at `at`, or -1 when any of them is not a digit. */
function digitsAt(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Parses a zone suffix `Z`, `±HH`, `±HHMM` or `±HH:MM` in b[at, end) into the offset from UTC in ms
 * (east positive), or NaN when malformed.
 */
function zoneOffsetMs(b: Uint8Array, at: number, end: number): number {
  const len = end - at;
  const c = b[at];
  if (len === 1 && (c === 90 || c === 122)) return 0; // Z or z
  if (c !== 43 && c !== 45) return Number.NaN; // + or -
  let hh: number;
  let mm = 0;
  if (len === 3) hh = digitsAt(b, at + 1, 2);
  else if (len === 5) {
    hh = digitsAt(b, at + 1, 2);
    mm = digitsAt(b, at + 3, 2);
  } else if (len === 6 && b[at + 3] === 58) {
    hh = digitsAt(b, at + 1, 2);
    mm = digitsAt(b, at + 4, 2);
  } else return Number.NaN;
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return Number.NaN;
  const ms = (hh * 60 + mm) * MS_PER_MINUTE;
  return c === 45 ? -ms : ms;
}

/**
 * Parses b[start, end) as a timestamp and returns epoch ms (UTC), or NaN when it is not one.
 * Accepted: `YYYY-MM-DD`; `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]` with an optional zone (`Z`, `±HH:MM`, `±HHMM`,
 * `±HH`); digits only as epoch seconds (< 1e11) or milliseconds. Values without a zone are taken to be at
 * `zoneOffsetMs` from UTC (0: UTC). Fractions beyond milliseconds are truncated.
 */
export function parseTimestampBytes(b: Uint8Array, start: number, end: number, zoneOffsetMsDefault: number): number {
  const len = end - start;
  if (len <= 0) return Number.NaN;
  const epoch = len <= MAX_EPOCH_DIGITS ? digitsAt(b, start, len) : -1;
  if (epoch >= 0) return epochToMs(epoch);
  if (len < 10 || b[start + 4] !== 45 || b[start + 7] !== 45) return Number.NaN;
  const year = digitsAt(b, start, 4);
  const month = digitsAt(b, start + 5, 2);
  const day = digitsAt(b, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  let tsMs = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (len === 10) return tsMs - zoneOffsetMsDefault;

  const sep = b[start + 10];
  if ((sep !== 84 && sep !== 32 && sep !== 116) || len < 16 || b[start + 13] !== 58) return Number.NaN; // T, space, t; ':'
  const hour = digitsAt(b, start + 11, 2);
  const minute = digitsAt(b, start + 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  tsMs += hour * 3_600_000 + minute * MS_PER_MINUTE;
  let i = start + 16;
  if (i < end && b[i] === 58) {
    const second = i + 3 <= end ? digitsAt(b, i + 1, 2) : -1;
    if (second < 0 || second > 59) return Number.NaN; // no leap seconds: epoch time has none either
    tsMs += second * 1000;
    i += 3;
    if (i < end && b[i] === 46) {
      i++;
      const fracStart = i;
      let ms = 0;
      while (i < end && b[i] >= 48 && b[i] <= 57) {
        if (i - fracStart < 3) ms = ms * 10 + (b[i] - 48);
        i++;
      }
      const fracDigits = i - fracStart;
      if (fracDigits === 0 || fracDigits > 9) return Number.NaN;
      for (let k = fracDigits; k < 3; k++) ms *= 10;
      tsMs += ms;
    }
  }
  if (i === end) return tsMs - zoneOffsetMsDefault;
  const zone = zoneOffsetMs(b, i, end);
  return Number.isNaN(zone) ? Number.NaN : tsMs - zone;
}

const encoder = new TextEncoder();

/** parseTimestampBytes for a string (the csv-parse path and callers outside the readers). */
export function parseTimestamp(text: string, zoneOffsetMsDefault = 0): number {
  const b = encoder.encode(text);
  return parseTimestampBytes(b, 0, b.length, zoneOffsetMsDefault);
}

/** Parses a `utc_offset` setting (`+03:00`, `-0530`, `+03`, `Z`) into ms east of UTC, or NaN when malformed. */
export function parseUtcOffsetMs(text: string): number {
  const b = encoder.encode(text.trim());
  return b.length === 0 ? Number.NaN : zoneOffsetMs(b, 0, b.length);
}

/** Epoch ms as ISO-8601 UTC for messages: `2021-04-21T13:05:00Z` (milliseconds only when not zero). */
export function formatTsMs(tsMs: number): string {
  if (!Number.isFinite(tsMs)) return String(tsMs);
  const iso = new Date(tsMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
