import { can, useCurrentSession } from '../../../api/session.js';
import { ContinuityError } from '../shared/ContinuityError.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { DowntimeSwitch } from './DowntimeSwitch.js';
import { useDowntime } from './overviewApi.js';

/** Downtime mode: unmistakable while it is on (since, by whom, why), a quiet line while it is off. */
export function DowntimeBanner() {
  const t = useT();
  const { locale } = useLocale();
  const session = useCurrentSession();
  const downtime = useDowntime();
  const state = downtime.data;
  const maySwitch = can(session, 'continuity.downtime');
  if (!state) return <ContinuityError error={downtime.error} />;
  if (!state.active) {
    return (
      <div className="downtime-off">
        <p>{t('continuity.downtime.off')}</p>
        {maySwitch && <DowntimeSwitch active={false} />}
      </div>
    );
  }
  return (
    <section className="downtime-banner" aria-labelledby="downtime-banner-title">
      {/* Not a heading: the banner comes before each page's own level-one heading. */}
      <p className="downtime-title" id="downtime-banner-title">
        {t('continuity.downtime.activeTitle')}
      </p>
      <p>{t('continuity.downtime.activeBody')}</p>
      <dl className="facts">
        <dt>{t('continuity.downtime.since')}</dt>
        <dd>
          {state.since ? <time dateTime={state.since}>{formatDateTime(state.since, locale)}</time> : '—'}
        </dd>
        <dt>{t('continuity.downtime.by')}</dt>
        <dd>{state.by ?? '—'}</dd>
        <dt>{t('continuity.downtime.reason')}</dt>
        <dd>{state.reason ?? '—'}</dd>
        {state.incidentId && (
          <>
            <dt>{t('continuity.downtime.incident')}</dt>
            <dd>
              <code>{state.incidentId}</code>
            </dd>
          </>
        )}
      </dl>
      {maySwitch && <DowntimeSwitch active />}
    </section>
  );
}
