// `--grid key=v1,v2,...` flags into grid axes; values read as numbers, booleans or null where they look like one.

import { InputError, type InputIssue } from '../io/inputError.js';
import { settingKeySpec } from '../io/scenario.js';
import type { GridAxis, GridValue } from '../sim/sweepGrid.js';

function gridValueOf(text: string): GridValue {
  const t = text.trim();
  if (t === 'null') return null;
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** Parses `--grid` flags; unknown keys, empty or repeated values are bad input, all reported at once. */
export function parseGridFlags(flags: readonly string[]): GridAxis[] {
  const axes: GridAxis[] = [];
  const issues: InputIssue[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq > 0 ? flag.slice(0, eq).trim() : '';
    if (key === '') {
      issues.push({ file: '--grid', field: flag, message: 'expected key=v1,v2,..., like risk.auction_swap_threshold=0,5,10' });
      continue;
    }
    if (settingKeySpec(key) === undefined) {
      issues.push({ file: '--grid', field: key, message: 'expected risk.<auction key>, sim.<key> or seed' });
      continue;
    }
    const values = flag.slice(eq + 1).split(',').map(gridValueOf);
    if (values.some((v) => v === '')) issues.push({ file: '--grid', field: key, message: 'expected non-empty values' });
    if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) {
      issues.push({ file: '--grid', field: key, message: 'expected each value once' });
    }
    if (axes.some((a) => a.key === key)) issues.push({ file: '--grid', field: key, message: 'expected each key once' });
    axes.push({ key, values });
  }
  if (issues.length > 0) throw new InputError(issues);
  return axes;
}

/** The scenario's `sweep.grid`, with any key given by a flag replaced by the flag's values (flags' new keys last). */
export function mergeAxes(fromScenario: readonly GridAxis[], fromFlags: readonly GridAxis[]): GridAxis[] {
  const merged = fromScenario.map((a) => fromFlags.find((f) => f.key === a.key) ?? a);
  for (const f of fromFlags) if (!merged.some((a) => a.key === f.key)) merged.push(f);
  return merged;
}

/** `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(index >= 1 && count >= 1 && index <= count)) {
    throw new InputError([{ file: '--shard', field: text, message: 'expected i/n with 1 ≤ i ≤ n, like 2/4' }]);
  }
  return { index, count };
}
