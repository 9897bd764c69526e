import { Link } from 'react-router';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';
import { ALERT_STATUSES, LEVELS, type AlertStats } from '../types.js';
import { alertSearch, type AlertFilter } from './alertFilter.js';

/** Totals in the time range; each one is a link that narrows the list to it. */
export function AlertTotals({ stats, filter }: { stats: AlertStats; filter: AlertFilter }) {
  const t = useT();
  const { locale } = useLocale();
  const link = (change: Partial<AlertFilter>) => `?${alertSearch({ ...filter, ...change }).toString()}`;
  return (
    <div className="totals">
      <div>
        <h3 id="detect-totals-status">{t('detect.totals.byStatus')}</h3>
        <ul aria-labelledby="detect-totals-status">
          {ALERT_STATUSES.map((status) => (
            <li key={status}>
              <Link to={link({ status })} className={`total alert-status-${status}`}>
                <span>{t(`detect.status.${status}`)}</span>
                <strong className="num">{formatCount(stats.byStatus[status] ?? 0, locale)}</strong>
              </Link>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3 id="detect-totals-level">{t('detect.totals.byLevel')}</h3>
        <ul aria-labelledby="detect-totals-level">
          {[...LEVELS].reverse().map((level) => (
            <li key={level}>
              <Link to={link({ level })} className={`total level-${level}`}>
                <span>{t(`detect.level.${level}`)}</span>
                <strong className="num">{formatCount(stats.byLevel[level] ?? 0, locale)}</strong>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
