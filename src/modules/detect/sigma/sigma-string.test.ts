import { describe, expect, it } from 'vitest';
import { asPlainText, normaliseSigmaString, parseSigmaString } from './sigma-string.js';

const kinds = (raw: string, placeholders = false): string =>
  parseSigmaString(raw, placeholders)
    .map((t) => (t.kind === 'text' ? `[${t.text}]` : t.kind === 'placeholder' ? `%${t.name}%` : t.kind))
    .join(' ');

describe('Sigma string escaping', () => {
  it('reads * and ? as wildcards', () => {
    expect(kinds('prog?.exe')).toBe('[prog] one [.exe]');
    expect(kinds('*\\cmd.exe*')).toBe('star [\\cmd.exe] star');
  });

  it('keeps a backslash that escapes nothing', () => {
    expect(kinds('C:\\Windows\\System32')).toBe('[C:\\Windows\\System32]');
  });

  it('reads \\* and \\? as plain characters', () => {
    expect(kinds('a\\*b\\?c')).toBe('[a*b?c]');
  });

  it('reads \\\\ as one backslash, so \\\\* is a backslash and a wildcard', () => {
    expect(kinds('a\\\\b')).toBe('[a\\b]');
    expect(kinds('a\\\\*')).toBe('[a\\] star');
  });

  it('reads three backslashes before a wildcard as a backslash and a plain wildcard', () => {
    expect(kinds('a\\\\\\*')).toBe('[a\\*]');
  });

  it('reads three or four backslashes as two', () => {
    expect(kinds('\\\\\\x')).toBe('[\\\\x]');
    expect(kinds('\\\\\\\\x')).toBe('[\\\\x]');
  });

  it('keeps a trailing backslash', () => {
    expect(kinds('dir\\')).toBe('[dir\\]');
  });

  it('knows placeholders only when asked, and \\% escapes a percent sign then', () => {
    expect(kinds('%name%')).toBe('[%name%]');
    expect(kinds('%name%', true)).toBe('%name%');
    expect(kinds('\\%plain%name%', true)).toBe('[%plain] %name%');
    expect(kinds('100%', true)).toBe('[100%]');
  });

  it('tells plain values from patterns', () => {
    expect(asPlainText(parseSigmaString('a\\*b'))).toBe('a*b');
    expect(asPlainText(parseSigmaString('a*b'))).toBeUndefined();
  });

  it('normalises adjacent text and repeated stars', () => {
    const value = normaliseSigmaString([
      { kind: 'text', text: 'a' },
      { kind: 'text', text: 'b' },
      { kind: 'star' },
      { kind: 'star' },
    ]);
    expect(value).toEqual([{ kind: 'text', text: 'ab' }, { kind: 'star' }]);
  });
});
