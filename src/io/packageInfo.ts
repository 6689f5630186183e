// The package's own version, read from its package.json, for manifests.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The version in package.json (two folders above this module in both src/ and dist/). */
export function packageVersion(): string {
  const file = fileURLToPath(new URL('../../package.json', import.meta.url));
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
