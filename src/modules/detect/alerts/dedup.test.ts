import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEDUP_FIELDS } from './config.js';
import { dedupFieldNames, dedupKey } from './dedup.js';

describe('dedupKey', () => {
  it('uses the first present alternative of each default field group', () => {
    const fields = { Computer: 'ws01.example.org', 'user.name': 'alice', Image: 'C:\\Windows\\cmd.exe' };
    expect(dedupKey(fields, DEFAULT_DEDUP_FIELDS, 'dc01-syslog')).toBe(
      'Computer=ws01.example.org | user.name=alice | Image=C:\\Windows\\cmd.exe',
    );
    expect(dedupFieldNames(fields, DEFAULT_DEDUP_FIELDS)).toEqual(['Computer', 'user.name', 'Image']);
  });

  it('falls back to the source when no configured field is present or all are empty', () => {
    expect(dedupKey({ CommandLine: 'whoami', User: '', Image: null }, DEFAULT_DEDUP_FIELDS, 'fw')).toBe(
      'source=fw',
    );
  });

  it('renders numbers, booleans and lists', () => {
    expect(dedupKey({ a: 4624, b: true, c: ['x', null, 2] }, ['a', 'b', 'c'], 's')).toBe(
      'a=4624 | b=true | c=x,2',
    );
  });

  it('escapes separators so crafted values cannot collide with other keys', () => {
    const crafted = dedupKey({ Computer: 'ws01 | User=bob' }, ['Computer', 'User'], 's');
    const honest = dedupKey({ Computer: 'ws01', User: 'bob' }, ['Computer', 'User'], 's');
    expect(crafted).not.toBe(honest);
    expect(crafted).toBe('Computer=ws01 %7C User%3Dbob');
  });

  it('is injective over the values of a fixed field list', () => {
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null));
    fc.assert(
      fc.property(fc.tuple(value, value), fc.tuple(value, value), ([a1, b1], [a2, b2]) => {
        const key1 = dedupKey({ A: a1, B: b1 }, ['A', 'B'], 'src');
        const key2 = dedupKey({ A: a2, B: b2 }, ['A', 'B'], 'src');
        const norm = (v: string | number | null) => (v === null || v === '' ? null : String(v));
        const same = norm(a1) === norm(a2) && norm(b1) === norm(b2);
        if (same) expect(key1).toBe(key2);
        else expect(key1).not.toBe(key2);
      }),
    );
  });

  it('never puts control characters into a key', () => {
    const name = fc.constantFrom('Computer', 'User', 'Image', 'x');
    fc.assert(
      fc.property(fc.dictionary(name, fc.string()), fc.string(), (fields, source) => {
        const key = dedupKey(fields, ['x', ...DEFAULT_DEDUP_FIELDS], source);
        const values = key.split(' | ').map((part) => part.slice(part.indexOf('=') + 1));
        for (const v of values) expect(v).not.toMatch(/[\p{Cc}|]/u);
      }),
    );
  });
});
