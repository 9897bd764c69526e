import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Offsets, utf16Bytes } from './encodings.js';

describe('encodings', () => {
  it('encodes UTF-16 in the three forms', () => {
    expect([...utf16Bytes('cmd', 'utf16le')]).toEqual([0x63, 0, 0x6d, 0, 0x64, 0]);
    expect([...utf16Bytes('cmd', 'utf16be')]).toEqual([0, 0x63, 0, 0x6d, 0, 0x64]);
    expect([...utf16Bytes('cmd', 'utf16')]).toEqual([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]);
  });

  it('gives the three offset forms of a known value', () => {
    expect(base64Offsets(Buffer.from('foobar'))).toEqual(['Zm9vYmFy', 'Zvb2Jhc', 'mb29iYX']);
    expect(base64Offsets(Buffer.from('http://'))).toEqual(['aHR0cDovL', 'h0dHA6Ly', 'odHRwOi8v']);
  });

  it('finds the value at any offset inside any longer base64 text', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 8 }),
        fc.uint8Array({ minLength: 3, maxLength: 24 }),
        fc.uint8Array({ maxLength: 8 }),
        (before, value, after) => {
          const encoded = Buffer.concat([before, value, after]).toString('base64');
          const forms = base64Offsets(value);
          expect(forms.some((form) => encoded.includes(form))).toBe(true);
        },
      ),
    );
  });
});
