// Locale-free number formatting for reports, so a report reads the same on every machine.

import type { Metric, MetricUnit } from './metricTypes.js';

/** Thousands separators by hand: toLocaleString depends on the machine's ICU data and locale. */
export function groupThousands(text: string): string {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [whole = '', fraction] = body.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** A setting as written in a sentence: integers plain, others to 10 significant digits (no float noise). */
export function plainNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
}

/** Fixed decimals, without "-0.00". */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

export function money(value: number): string {
  return groupThousands(fixed(value, 2));
}

export function percent(share: number, digits = 2): string {
  return `${groupThousands(fixed(share * 100, digits))} %`;
}

const UNIT_SUFFIX: Readonly<Partial<Record<MetricUnit, string>>> = {
  days: ' d',
  minutes: ' min',
  per_day: ' /day',
  per_year: ' /yr',
  bp_per_year: ' bp/yr',
  r_multiple: ' R',
  score_points: ' pts',
};

/** A metric value as the report prints it (shares as percentages, money with 2 decimals). */
export function formatValue(value: number | string, unit: MetricUnit): string {
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'currency':
      return money(value);
    case 'share':
      return percent(value);
    case 'count':
      return groupThousands(fixed(value, Number.isInteger(value) ? 0 : 2));
    case 'per_year':
      return `${groupThousands(fixed(value, 2))}${UNIT_SUFFIX.per_year}`;
    case 'per_day':
      return `${fixed(value, 3)}${UNIT_SUFFIX.per_day}`;
    case 'ratio':
      return fixed(value, 3);
    default:
      return `${groupThousands(fixed(value, 2))}${UNIT_SUFFIX[unit] ?? ''}`;
  }
}

export function formatMetric(metric: Metric): string {
  return formatValue(metric.value, metric.unit);
}

/** Difference of two metric values (a − b) for the auction-vs-baseline table; n/a when either is not a number. */
export function formatDifference(a: Metric, b: Metric): string {
  if (typeof a.value !== 'number' || typeof b.value !== 'number') return 'n/a';
  const diff = a.value - b.value;
  const text = a.unit === 'share' ? `${groupThousands(fixed(diff * 100, 2))} pp` : formatValue(diff, a.unit);
  return diff > 0 ? `+${text}` : text;
}

/** `2016-01-05T00:00:00.000Z` → `2016-01-05` when midnight, else `2016-01-05 13:05`; UTC throughout. */
export function shortTs(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
