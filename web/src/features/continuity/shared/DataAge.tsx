import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatAge, minutesSince, OLD_DATA_MINUTES } from './format.js';

/** A "data as of" time with its age; old data is marked in words as well as in red. */
export function DataAge({ iso }: { iso: string }) {
  const t = useT();
  const { locale } = useLocale();
  const minutes = minutesSince(iso, Date.now());
  const old = minutes !== null && minutes > OLD_DATA_MINUTES;
  return (
    <span className={old ? 'data-age data-age-old' : 'data-age'}>
      <time dateTime={iso}>{formatDateTime(iso, locale)}</time>
      {minutes !== null && (
        <span className="age">
          {' '}
          ({formatAge(minutes, locale)}
          {old && `, ${t('continuity.old')}`})
        </span>
      )}
    </span>
  );
}
