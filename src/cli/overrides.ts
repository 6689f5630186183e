// Parsing `--set key=value` flags into scenario overrides; a malformed flag is bad input.

import { InputError } from '../io/inputError.js';
import type { Override } from '../io/scenario.js';

/** `--set risk.auction_swap_threshold=5` → { key, value }; every malformed flag is reported at once. */
export function parseSetFlags(flags: readonly string[]): Override[] {
  const overrides: Override[] = [];
  const issues = [];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      issues.push({ file: '--set', field: flag, message: 'expected key=value, like risk.auction_swap_threshold=5' });
      continue;
    }
    overrides.push({ key: flag.slice(0, eq).trim(), value: flag.slice(eq + 1) });
  }
  if (issues.length > 0) throw new InputError(issues);
  return overrides;
}
