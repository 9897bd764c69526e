import { formatDateTime } from '../../i18n/dates.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';

/** A stored time in the reader's locale, or "never". */
export function When({ iso }: { iso: string | null }) {
  const t = useT();
  const { locale } = useLocale();
  return iso ? <time dateTime={iso}>{formatDateTime(iso, locale)}</time> : <>{t('common.never')}</>;
}
