// Escaping of every input-derived string before it enters HTML or Markdown.

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text and attribute-value safe: the five characters that can open markup or end an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

/**
 * Markdown text safe inside a table cell: every ASCII punctuation character that Markdown or its
 * inline HTML could act on is backslash-escaped (CommonMark renders `\<` as a literal `<`), pipes
 * cannot split the cell, and line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `\\${c}`);
}

/** Our own formula text as a code span in a table cell (code spans show text literally; GFM still needs `\|`). */
export function markdownCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r\n?|\n/g, ' ')}\``;
}
