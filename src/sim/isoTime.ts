// Epoch milliseconds as ISO-8601 UTC text, exactly as Date.prototype.toISOString writes them, but cheaply.

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
/** The length of `HH:mm:ss.sssZ`, the part after the date, whatever the year's width. */
const TIME_OF_DAY_CHARS = 13;

const TWO_DIGITS = Array.from({ length: 60 }, (_, k) => String(k).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, k) => String(k).padStart(3, '0'));

// A replay writes the time of every cycle, fill and signal id: millions of calls, nearly all on the day of the
// call before. Date's own formatting takes microseconds; the date part is remembered and the time of day built.
let rememberedDay = Number.NaN;
let rememberedDatePart = '';

/** `YYYY-MM-DDTHH:mm:ss.sssZ`; throws RangeError, as Date does, for a time outside its range. */
export function isoTimestamp(tsMs: number): string {
  if (!Number.isInteger(tsMs)) return new Date(tsMs).toISOString();
  const day = Math.floor(tsMs / MS_PER_DAY);
  if (day !== rememberedDay) {
    const iso = new Date(tsMs).toISOString();
    rememberedDatePart = iso.slice(0, iso.length - TIME_OF_DAY_CHARS);
    rememberedDay = day;
    return iso;
  }
  let ms = tsMs - day * MS_PER_DAY;
  const hours = Math.floor(ms / MS_PER_HOUR);
  ms -= hours * MS_PER_HOUR;
  const minutes = Math.floor(ms / MS_PER_MINUTE);
  ms -= minutes * MS_PER_MINUTE;
  const seconds = Math.floor(ms / 1000);
  ms -= seconds * 1000;
  return `${rememberedDatePart}${TWO_DIGITS[hours]!}:${TWO_DIGITS[minutes]!}:${TWO_DIGITS[seconds]!}.${THREE_DIGITS[ms]!}Z`;
}
