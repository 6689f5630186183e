// AllocatorInputError: bad settings or allocate() arguments, naming each field path and value.

/** Thrown for bad settings or arguments; `issues` lists every problem found, each naming a field path. */
export class AllocatorInputError extends Error {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(issues.join('\n'));
    this.name = 'AllocatorInputError';
    this.issues = issues;
  }
}

/** Renders a value for an error message: strings quoted, NaN and ±Infinity spelt out. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Collects issues; `check*` helpers record a message when a field fails. */
export class IssueList {
  readonly messages: string[] = [];

  add(path: string, expected: string, value: unknown): void {
    this.messages.push(`${path}: expected ${expected}, was ${describeValue(value)}`);
  }

  finiteNumber(path: string, value: unknown): value is number {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    this.add(path, 'a finite number', value);
    return false;
  }

  nonNegative(path: string, value: unknown): boolean {
    if (!this.finiteNumber(path, value)) return false;
    if ((value as number) >= 0) return true;
    this.add(path, 'a number ≥ 0', value);
    return false;
  }

  integerAtLeast(path: string, value: unknown, min: number): boolean {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return true;
    this.add(path, `an integer ≥ ${min}`, value);
    return false;
  }

  nonEmptyString(path: string, value: unknown): boolean {
    if (typeof value === 'string' && value.length > 0) return true;
    this.add(path, 'a non-empty string', value);
    return false;
  }

  throwIfAny(): void {
    if (this.messages.length > 0) throw new AllocatorInputError(this.messages);
  }
}
