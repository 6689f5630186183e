// Bad input: every problem found in a file, scenario or flag, each naming where it is and what was expected.

export interface InputIssue {
  /** File name as the user gave it (relative), or a flag like `--set`. */
  readonly file: string;
  /** 1-based line, when the problem has one. */
  readonly line?: number;
  /** 1-based column (character position in the line), when known. */
  readonly column?: number;
  /** The field, column or key at fault. */
  readonly field?: string;
  /** What was expected and what was found. */
  readonly message: string;
}

/** Formats one issue as `file:line:column: field: message`. */
export function formatIssue(issue: InputIssue): string {
  let where = issue.file;
  if (issue.line !== undefined) where += `:${issue.line}`;
  if (issue.column !== undefined) where += `:${issue.column}`;
  return issue.field !== undefined ? `${where}: ${issue.field}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** The most issues an error message lists; the rest are counted. */
export const MAX_LISTED_ISSUES = 50;

/** Thrown at the edge for bad user input; the CLI maps it to exit code 2. */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];
  /** Issues found beyond those kept in `issues`. */
  readonly moreCount: number;

  constructor(issues: readonly InputIssue[], moreCount = 0) {
    const listed = issues.slice(0, MAX_LISTED_ISSUES);
    const hidden = issues.length - listed.length + moreCount;
    const lines = listed.map(formatIssue);
    if (hidden > 0) lines.push(`... and ${hidden} more issue${hidden === 1 ? '' : 's'}`);
    super(lines.join('\n'));
    this.name = 'InputError';
    this.issues = listed;
    this.moreCount = hidden;
  }
}
