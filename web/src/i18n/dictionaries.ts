import { en, type Dictionary } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';

export type Locale = 'en' | 'nl' | 'fr';

export const dictionaries: Readonly<Record<Locale, Dictionary>> = { en, nl, fr };

export const localeNames: Readonly<Record<Locale, string>> = {
  en: 'English',
  nl: 'Nederlands',
  fr: 'Français',
};

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'nl' || value === 'fr';
}

/** The first of the browser's preferred languages we speak, by primary subtag ("nl-BE" → "nl"). */
export function browserLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return 'en';
}
