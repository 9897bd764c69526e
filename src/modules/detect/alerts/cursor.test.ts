import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('alert cursors', () => {
  it('round-trips a cursor the server produced', () => {
    const cursor = { firstSeen: '2026-01-13T08:00:00.000Z', id: 'a'.repeat(32) };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses anything else with DETECT_CURSOR_INVALID', () => {
    for (const bad of ['', 'not base64!', encodeCursor({ firstSeen: 'yesterday', id: 'a'.repeat(32) })]) {
      expect(() => decodeCursor(bad)).toThrowError(
        expect.objectContaining({ code: 'DETECT_CURSOR_INVALID' }),
      );
    }
    const extra = Buffer.from(`2026-01-13T08:00:00.000Z|${'a'.repeat(32)}|x`).toString('base64url');
    expect(() => decodeCursor(extra)).toThrowError(expect.objectContaining({ status: 400 }));
  });

  it('either decodes to a valid cursor or throws the one clear error, for any input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.string().map((s) => Buffer.from(s).toString('base64url')),
        ),
        (text) => {
          try {
            const cursor = decodeCursor(text);
            expect(encodeCursor(cursor)).toBe(text.replace(/=+$/, ''));
          } catch (error) {
            expect(isLifelineError(error) && error.code === 'DETECT_CURSOR_INVALID').toBe(true);
          }
        },
      ),
    );
  });
});
