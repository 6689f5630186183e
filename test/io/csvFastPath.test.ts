// Tests of the byte-level fast path: the decimal parser matches Number() exactly, line splitting, symbol interning.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimal, parseNumberText, PlainRow, scanPlainLines, SymbolTable, type RowView } from '../../src/io/csvFastPath.js';

function decimal(text: string): number {
  const b = Buffer.from(`,${text},`, 'latin1');
  return parseDecimal(b, 1, b.length - 1);
}

describe('parseDecimal', () => {
  it('gives exactly the double Number() gives, for random decimal strings', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max });
    const text = fc
      .tuple(fc.constantFrom('', '-', '+'), digits(20), fc.option(fc.tuple(fc.constant('.'), fc.option(digits(25))), { nil: undefined }))
      .map(([sign, int, frac]) => `${sign}${int}${frac === undefined ? '' : `.${frac[1] ?? ''}`}`);
    fc.assert(
      fc.property(text, (t) => {
        expect(Object.is(decimal(t), Number(t)), t).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives exactly Number() for doubles printed back (shortest round-trip text)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const t = String(x);
        expect(Object.is(decimal(t), Number(t)), t).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('matches Number() on edge cases', () => {
    for (const t of [
      '0',
      '-0',
      '0.0',
      '-0.000',
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '0.1',
      '0.000658153991747989',
      '123456789012345678901234567890',
      '1.7976931348623157e308',
      '5e-324',
      '1e3',
      '2.5E-3',
      '.5',
      '5.',
      '00012.50',
      '0.0000000000000000000001',
      '0.00000000000000000000001',
    ]) {
      expect(Object.is(decimal(t), Number(t)), t).toBe(true);
    }
  });

  it('refuses what Number() would quietly accept or what is not a number', () => {
    for (const t of ['', '.', '-', '+', 'abc', ' 1', '1 ', '0x10', 'Infinity', 'NaN', '1e', '1.2.3', '1,5', '--1', '1_000']) {
      expect(decimal(t), t).toBeNaN();
      expect(parseNumberText(t), t).toBeNaN();
    }
  });
});

describe('scanPlainLines', () => {
  function rows(text: string): { line: number; fields: string[]; columns: number[] }[] {
    const out: { line: number; fields: string[]; columns: number[] }[] = [];
    const buf = Buffer.from(text, 'utf8');
    const sink = {
      row(r: RowView) {
        const fields = Array.from({ length: r.fieldCount }, (_, i) => r.text(i));
        out.push({ line: r.line, fields, columns: fields.map((_, i) => r.locate(i).column) });
      },
    };
    const next = scanPlainLines(buf, 0, buf.length, new PlainRow(), sink, 1);
    expect(next).toBe(text.split('\n').length + (text.endsWith('\n') ? 0 : 1));
    return out;
  }

  it('splits fields, drops CR before LF, skips empty lines and counts them', () => {
    expect(rows('a,b\r\n1,2\n\n3,\r\n,4')).toEqual([
      { line: 1, fields: ['a', 'b'], columns: [1, 3] },
      { line: 2, fields: ['1', '2'], columns: [1, 3] },
      { line: 4, fields: ['3', ''], columns: [1, 3] },
      { line: 5, fields: ['', '4'], columns: [1, 2] },
    ]);
  });

  it('counts columns in characters, not bytes', () => {
    expect(rows('é€,x\n')[0].columns).toEqual([1, 4]);
  });

  it('handles more fields than the row object had room for', () => {
    const many = Array.from({ length: 100 }, (_, i) => String(i)).join(',');
    expect(rows(`${many}\n`)[0].fields).toHaveLength(100);
  });
});

describe('SymbolTable', () => {
  it('gives one dense id per symbol, from bytes or strings, through rehashing', () => {
    const t = new SymbolTable();
    const names = Array.from({ length: 3000 }, (_, i) => `S${(i * 7919) % 3000}`);
    const ids = names.map((n) => t.idOf(n));
    expect(new Set(ids).size).toBe(3000);
    const b = Buffer.from(',S42,', 'utf8');
    expect(t.idOfBytes(b, 1, 4)).toBe(t.idOf('S42'));
    expect(t.names[t.idOf('S42')]).toBe('S42');
  });

  it('ranks symbols in code-unit order', () => {
    const t = new SymbolTable();
    for (const s of ['b', 'B', 'a', 'A-1', 'A.1']) t.idOf(s);
    const rank = t.ranks();
    const sorted = [...t.names].sort((x, y) => rank[t.idOf(x)] - rank[t.idOf(y)]);
    expect(sorted).toEqual(['A-1', 'A.1', 'B', 'a', 'b']);
    t.idOf('0');
    expect(t.ranks()[t.idOf('0')]).toBe(0);
  });
});
