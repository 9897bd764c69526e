import { useId } from 'react';
import { isLocale, localeNames, type Locale } from '../../i18n/dictionaries.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';

/** Before sign-in there is no profile yet, so the language can be chosen here. */
export function LanguagePicker() {
  const t = useT();
  const id = useId();
  const { locale, setLocale } = useLocale();
  return (
    <div className="field field-inline language-picker">
      <label htmlFor={id}>{t('common.language')}</label>
      <select id={id} value={locale} onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}>
        {(Object.keys(localeNames) as Locale[]).map((code) => (
          <option key={code} value={code} lang={code}>
            {localeNames[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
