// Escaping helpers: HTML text and attributes, Markdown table cells, formula code spans.

import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCode } from '../../src/report/escape.js';

describe('escapeHtml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)> & "q" 'a'`)).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;');
  });

  it('escapes an existing entity again, so it shows as typed', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('escapeMarkdown', () => {
  it('backslash-escapes markup, emphasis, links and pipes, and flattens newlines', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert\\(1\\)\\>');
    expect(escapeMarkdown('a|b *c* _d_ [e](f) `g`\nh')).toBe('a\\|b \\*c\\* \\_d\\_ \\[e\\]\\(f\\) \\`g\\` h');
    expect(escapeMarkdown('&lt;')).toBe('\\&lt;');
  });

  it('leaves plain symbols, dates and decimals readable', () => {
    expect(escapeMarkdown('BRK.B 2016-01-05 -311.79')).toBe('BRK.B 2016-01-05 -311.79');
  });
});

describe('markdownCode', () => {
  it('wraps in a code span that cannot be closed early or split a table cell', () => {
    expect(markdownCode('a `b` | c')).toBe("`a 'b' \\| c`");
  });
});
