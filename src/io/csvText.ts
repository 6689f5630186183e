// Writing CSV text: quoting a field only when it needs it, so user strings never break a row.

/** A CSV field: quoted (with quotes doubled) when it holds a comma, quote, CR or LF, or edge spaces. */
export function csvField(value: string | number | boolean): string {
  const text = String(value);
  if (/[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** One CSV row, newline-terminated. */
export function csvRow(values: readonly (string | number | boolean)[]): string {
  return values.map(csvField).join(',') + '\n';
}
