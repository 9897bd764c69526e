import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimespan } from './timespan.js';

describe('parseTimespan', () => {
  it.each([
    ['30s', 30_000],
    ['90m', 5_400_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1M', 2_629_746_000],
    ['1y', 31_556_952_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseTimespan(text)).toEqual({ ok: true, ms });
  });

  it.each(['', '10', 'm', '1H', '1.5h', '-1h', '0m', '1 h', '1hh', '10000000000s'])('refuses %j', (text) => {
    const result = parseTimespan(text);
    expect(result.ok).toBe(false);
  });

  it('refuses values that are not strings', () => {
    expect(parseTimespan(60)).toEqual({ ok: false, reason: expect.stringContaining('must be a string') });
    expect(parseTimespan(null).ok).toBe(false);
  });

  it('never throws and returns a positive whole number of milliseconds when it accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (input) => {
        const result = parseTimespan(input);
        if (result.ok) expect(Number.isSafeInteger(result.ms) && result.ms > 0).toBe(true);
      }),
    );
  });
});
