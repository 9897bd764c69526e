import { describe, expect, it } from 'vitest';
import { browserLocale, dictionaries } from '../web/src/i18n/dictionaries.js';
import { en } from '../web/src/i18n/en.js';
import { interpolate, placeholders } from '../web/src/i18n/format.js';

const enKeys = Object.keys(en).sort();
const others = Object.entries(dictionaries).filter(([locale]) => locale !== 'en');

describe('console dictionaries', () => {
  it('covers the three supported languages', () => {
    expect(Object.keys(dictionaries).sort()).toEqual(['en', 'fr', 'nl']);
  });

  describe.each(others)('%s', (_locale, dictionary) => {
    it('has exactly the English keys', () => {
      expect(Object.keys(dictionary).sort()).toEqual(enKeys);
    });

    it('has no empty message', () => {
      const empty = Object.entries(dictionary).filter(([, text]) => text.trim() === '');
      expect(empty).toEqual([]);
    });

    it('uses the same placeholders as English in every message', () => {
      const mismatched = enKeys.filter((key) => {
        const translated = (dictionary as Record<string, string>)[key] ?? '';
        return placeholders(translated).join(',') !== placeholders(en[key as keyof typeof en]).join(',');
      });
      expect(mismatched).toEqual([]);
    });
  });

  it('has no empty English message', () => {
    expect(Object.values(en).filter((text) => text.trim() === '')).toEqual([]);
  });
});

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Welcome, {name} ({role})', { name: 'Ana' })).toBe('Welcome, Ana ({role})');
    expect(interpolate('{count} records', { count: 3 })).toBe('3 records');
  });
});

describe('browserLocale', () => {
  it('picks the first supported language by primary subtag, else English', () => {
    expect(browserLocale(['de-DE', 'nl-BE', 'fr'])).toBe('nl');
    expect(browserLocale(['FR-ca'])).toBe('fr');
    expect(browserLocale(['de', 'es'])).toBe('en');
    expect(browserLocale([])).toBe('en');
  });
});
