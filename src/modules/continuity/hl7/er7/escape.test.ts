import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHl7, unescapeHl7 } from './escape.js';
import { DEFAULT_DELIMITERS, type Hl7Delimiters } from './types.js';

const d = DEFAULT_DELIMITERS;
const withTruncation: Hl7Delimiters = { ...d, truncation: '#' };

describe('unescapeHl7', () => {
  it('turns the delimiter sequences back into delimiters', () => {
    expect(unescapeHl7('A\\F\\B\\S\\C\\T\\D\\R\\E\\\\E\\', d, 'utf-8')).toBe('A|B^C&D~E\\\\');
  });

  it('reads \\P\\ as the truncation character only when one is declared', () => {
    expect(unescapeHl7('5\\P\\', withTruncation, 'utf-8')).toBe('5#');
    expect(unescapeHl7('5\\P\\', d, 'utf-8')).toBe('5\\P\\');
  });

  it('reads hex data in the message character set', () => {
    expect(unescapeHl7('Ren\\XC3A9\\e', d, 'utf-8')).toBe('Renée');
    expect(unescapeHl7('Ren\\XE9\\e', d, 'latin1')).toBe('Renée');
    expect(unescapeHl7('\\X0D0A\\', d, 'utf-8')).toBe('\r\n');
  });

  it('turns a formatted line break into a newline and drops highlighting', () => {
    expect(unescapeHl7('line 1\\.br\\line \\H\\2\\N\\', d, 'utf-8')).toBe('line 1\nline 2');
  });

  it('keeps unknown sequences, broken hex and lone escape characters literal', () => {
    expect(unescapeHl7('\\Zlocal\\', d, 'utf-8')).toBe('\\Zlocal\\');
    expect(unescapeHl7('\\XZZ\\ \\X1\\ \\X\\', d, 'utf-8')).toBe('\\XZZ\\ \\X1\\ \\X\\');
    expect(unescapeHl7('C:\\temp', d, 'utf-8')).toBe('C:\\temp');
    expect(unescapeHl7('C:\\temp\\F\\x', d, 'utf-8')).toBe('C:\\temp|x');
  });
});

describe('escapeHl7', () => {
  it('escapes delimiters, control characters and a literal pair of quotes', () => {
    expect(escapeHl7('a|b^c&d~e\\f', d)).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f');
    expect(escapeHl7('one\rtwo\nthree\u000b\u001c\ttab', d)).toBe(
      'one\\X0D\\two\\X0A\\three\\X0B\\\\X1C\\\ttab',
    );
    expect(escapeHl7('""', d)).toBe('\\X2222\\');
    expect(escapeHl7('5#', withTruncation)).toBe('5\\P\\');
    expect(escapeHl7('Amélie', d)).toBe('Amélie');
  });

  it('property: unescaping an escaped value gives the value back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (value, truncate) => {
        const delimiters = truncate ? withTruncation : d;
        const escaped = escapeHl7(value, delimiters);
        expect(escaped).not.toMatch(/[|^&~\r\n]/);
        expect(unescapeHl7(escaped, delimiters, 'utf-8')).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });
});
