import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyLines } from './body.js';

describe('request body lines', () => {
  it('splits NDJSON on LF and CRLF and skips blank lines', () => {
    expect(bodyLines('application/x-ndjson; charset=utf-8', '{"a":1}\r\n\n  \n{"b":2}')).toEqual([
      '{"a":1}',
      '{"b":2}',
    ]);
  });

  it('turns a JSON array or object into one line per event', () => {
    expect(bodyLines('application/json', [{ a: 1 }, null, 'x'])).toEqual(['{"a":1}', 'null', '"x"']);
    expect(bodyLines('application/json', { a: 1 })).toEqual(['{"a":1}']);
    expect(() => bodyLines('application/json', 5)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('refuses other media types', () => {
    expect(() => bodyLines('text/plain', 'x')).toThrow(
      expect.objectContaining({ code: 'DETECT_INGEST_UNSUPPORTED_MEDIA' }),
    );
    expect(() => bodyLines(undefined, 'x')).toThrow(
      expect.objectContaining({ code: 'DETECT_INGEST_UNSUPPORTED_MEDIA' }),
    );
  });

  it('never throws on NDJSON text and loses no non-blank line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (text) => {
        const lines = bodyLines('application/x-ndjson', text);
        const expected = text
          .split('\n')
          .map((l) => l.replace(/\r$/, ''))
          .filter((l) => l.trim() !== '');
        expect(lines).toEqual(expected);
      }),
    );
  });
});
