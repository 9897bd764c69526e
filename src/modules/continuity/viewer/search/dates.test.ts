import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateQuery } from './dates.js';
import { foldCompact, foldText, foldTokens } from './normalize.js';

const now = new Date('2026-11-26T08:00:00Z');

describe('parseDateQuery', () => {
  it('reads ISO, day-first with several separators, and compact dates', () => {
    expect(parseDateQuery('1980-03-14', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery('1980/3/14', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery('14/03/1980', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery('14-03-1980', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery('14.03.1980', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery(' 14 03 1980 ', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery('19800314', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery('14031980', now)).toEqual(['1980-03-14']);
  });

  it('reads month-first when the day cannot be first, and both ways when either fits', () => {
    expect(parseDateQuery('03/14/1980', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery('04/03/1980', now)).toEqual(['1980-03-04', '1980-04-03']);
    expect(parseDateQuery('03/03/1980', now)).toEqual(['1980-03-03']);
  });

  it('puts two-digit years in the latest century that is not in the future', () => {
    expect(parseDateQuery('14/03/80', now)).toEqual(['1980-03-14']);
    expect(parseDateQuery('14/03/26', now)).toEqual(['2026-03-14']);
    expect(parseDateQuery('14/03/27', now)).toEqual(['1927-03-14']);
  });

  it('refuses impossible dates and text that is no date', () => {
    expect(parseDateQuery('1981-02-29', now)).toEqual([]);
    expect(parseDateQuery('1980-02-29', now)).toEqual(['1980-02-29']);
    expect(parseDateQuery('31/04/1980', now)).toEqual([]);
    expect(parseDateQuery('jansen', now)).toEqual([]);
    expect(parseDateQuery('12345', now)).toEqual([]);
    expect(parseDateQuery('', now)).toEqual([]);
  });

  it('returns only valid ISO dates for any input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const date of parseDateQuery(text, now)) {
          expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
        }
      }),
    );
  });
});

describe('folding', () => {
  it('drops accents, case and punctuation', () => {
    expect(foldText('Müller-Lüdenscheidt')).toBe('muller ludenscheidt');
    expect(foldText("  O'Brien ")).toBe('o brien');
    expect(foldText('STRAßE Øre Łódź')).toBe('strasse ore lodz');
    expect(foldTokens('Van den Berg')).toEqual(['van', 'den', 'berg']);
    expect(foldTokens(' -- ')).toEqual([]);
    expect(foldCompact('MRN-00 12')).toBe('mrn0012');
  });
});
