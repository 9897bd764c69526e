import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../api/session.js';
import { browserLocale, dictionaries, type Locale } from './dictionaries.js';
import type { MessageKey } from './en.js';
import { interpolate, type Vars } from './format.js';

export type Translate = (key: MessageKey, vars?: Vars) => string;

interface I18nValue {
  locale: Locale;
  t: Translate;
  /** Chooses a language before sign-in; once signed in the profile's language wins. */
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const { data: session } = useSession();
  const [chosen, setLocale] = useState<Locale | null>(null);
  const locale: Locale = session?.user.locale ?? chosen ?? browserLocale(navigator.languages);

  const profileLocale = session?.user.locale;
  // Remembered after sign-out, so the login page keeps speaking the last user's language.
  useEffect(() => {
    if (profileLocale) setLocale(profileLocale);
  }, [profileLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const t = useCallback<Translate>((key, vars) => interpolate(dictionaries[locale][key], vars), [locale]);
  const value = useMemo(() => ({ locale, t, setLocale }), [locale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT used outside I18nProvider');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

export function useLocale(): Pick<I18nValue, 'locale' | 'setLocale'> {
  const { locale, setLocale } = useI18n();
  return { locale, setLocale };
}

/** Looks up a key built at run time (a module id, say) and falls back when it is not translated. */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(dictionaries.en, key);
}
