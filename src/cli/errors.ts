// The CLI's edge for failures: bad input exits 2 with every problem listed, anything else is a bug and exits 1.

import { AllocatorInputError } from '../allocator/errors.js';
import { InputError } from '../io/inputError.js';

export const EXIT_OK = 0;
export const EXIT_BUG = 1;
export const EXIT_BAD_INPUT = 2;

/** Prints the failure to stderr and returns the exit code it deserves. */
export function reportFailure(error: unknown): number {
  if (error instanceof InputError) {
    process.stderr.write(`error: bad input\n${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof AllocatorInputError) {
    process.stderr.write(`error: bad allocator settings\n${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`error: internal failure (a bug; please report it)\n${text}\n`);
  return EXIT_BUG;
}
