import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateRange, matchesDate, parseDateParameter } from './fhir-dates.js';

const DAY = 86_400_000;

describe('FHIR date search', () => {
  it('reads dates of every precision as ranges', () => {
    expect(dateRange('2026')).toEqual({ start: Date.UTC(2026, 0, 1), end: Date.UTC(2027, 0, 1) });
    expect(dateRange('2026-02')).toEqual({ start: Date.UTC(2026, 1, 1), end: Date.UTC(2026, 2, 1) });
    expect(dateRange('2026-02-28')).toEqual({
      start: Date.UTC(2026, 1, 28),
      end: Date.UTC(2026, 1, 28) + DAY,
    });
    expect(dateRange('2026-02-28T10:00:00+01:00')?.start).toBe(Date.UTC(2026, 1, 28, 9));
    expect(dateRange('2026-02-28T10:00:00.5Z')).toEqual({
      start: Date.UTC(2026, 1, 28, 10, 0, 0, 500),
      end: Date.UTC(2026, 1, 28, 10, 0, 0, 501),
    });
    expect(dateRange('2026-02-30')).toBeNull();
    expect(dateRange('2026-13-01')).toBeNull();
    expect(dateRange('yesterday')).toBeNull();
  });

  it('compares with prefixes as the R4 search page defines', () => {
    const instant = Date.UTC(2026, 10, 26, 8);
    const at = { start: instant, end: instant + 1 };
    const test = (value: string): boolean => matchesDate(parseDateParameter(value)!, at);
    expect(test('2026-11-26')).toBe(true);
    expect(test('ne2026-11-26')).toBe(false);
    expect(test('ge2026-11-26')).toBe(true);
    expect(test('gt2026-11-26')).toBe(false);
    expect(test('gt2026-11-25')).toBe(true);
    expect(test('lt2026-11-27')).toBe(true);
    expect(test('le2026-11-26T07:59:59Z')).toBe(false);
    expect(test('sa2026-11-25')).toBe(true);
    expect(test('eb2026-11-27')).toBe(true);
  });

  it('never throws on any parameter text, and a parsed range is never empty', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parameter = parseDateParameter(text);
        if (parameter) expect(parameter.end).toBeGreaterThan(parameter.start);
      }),
    );
  });

  it('ge and lt split the timeline at the start of the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (value, at) => {
          const iso = new Date(at).toISOString();
          const target = { start: value, end: value + 1 };
          expect(matchesDate(parseDateParameter(`ge${iso}`)!, target)).toBe(
            !matchesDate(parseDateParameter(`lt${iso}`)!, target),
          );
        },
      ),
    );
  });
});
