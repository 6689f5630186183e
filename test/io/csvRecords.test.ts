import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsvRecords } from '../../src/io/csvRecords.js';

function syntaxErrorOf(text: string): CsvSyntaxError {
  try {
    parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('parseCsvRecords', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, and gives the line each record ends on', () => {
    const records = parseCsvRecords('id,note\n1,"a, ""b"""\n2,"two\nlines"\n3,\n');
    expect(records).toEqual([
      { cells: ['id', 'note'], line: 1 },
      { cells: ['1', 'a, "b"'], line: 2 },
      { cells: ['2', 'two\nlines'], line: 4 },
      { cells: ['3', ''], line: 5 },
    ]);
  });

  it('skips a byte-order mark, blank lines and CRLF endings; a last line needs no ending', () => {
    expect(parseCsvRecords('\uFEFFa,b\r\n\r\n1,2\r\n\n3,4')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2'], line: 3 },
      { cells: ['3', '4'], line: 5 },
    ]);
    expect(parseCsvRecords('')).toEqual([]);
  });

  it('rejects an unclosed quote at the line where the cell opened', () => {
    const error = syntaxErrorOf('a,b\n1,2\n3,"open\nmore\n');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/quote not closed/);
  });

  it('rejects text after a closing quote, and a quote inside an unquoted cell', () => {
    expect(syntaxErrorOf('a,b\n1,"x"y\n').line).toBe(2);
    expect(syntaxErrorOf('a,b\n1,2\n3,x"y\n').line).toBe(3);
  });

  it('rejects a record whose length differs from the header', () => {
    const error = syntaxErrorOf('a,b\n1,2\n3,4,5\n');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/3 cells where the header has 2/);
  });
});
