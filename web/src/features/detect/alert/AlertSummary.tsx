import { Link } from 'react-router';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { AttackTags, PlainTags } from '../shared/AttackTags.js';
import { isAttackTag } from '../shared/attack.js';
import { LevelBadge, StatusBadge } from '../shared/Badges.js';
import { formatCount } from '../shared/format.js';
import { ruleAlertsPath, rulePath } from '../shared/paths.js';
import type { AlertDetail } from '../types.js';

export function AlertSummary({ alert }: { alert: AlertDetail }) {
  const t = useT();
  const { locale } = useLocale();
  const { source, correlation } = alert;
  const otherTags = alert.tags.filter((tag) => !isAttackTag(tag));
  return (
    <section className="panel" aria-labelledby="alert-summary-title">
      <h2 id="alert-summary-title">{t('detect.alert.summary')}</h2>
      <dl className="facts">
        <dt>{t('detect.field.rule')}</dt>
        <dd>
          <Link to={rulePath(alert.ruleId)}>{alert.ruleTitle}</Link> ·{' '}
          <Link to={ruleAlertsPath(alert.ruleId)}>{t('detect.alert.otherAlerts')}</Link>
        </dd>
        <dt>{t('detect.field.level')}</dt>
        <dd>
          <LevelBadge level={alert.level} />
        </dd>
        <dt>{t('detect.field.status')}</dt>
        <dd>
          <StatusBadge status={alert.status} falsePositive={alert.falsePositive} />
        </dd>
        <dt>{t('detect.field.assignee')}</dt>
        <dd>{alert.assignee ?? t('detect.unassigned')}</dd>
        {alert.closeReason && (
          <>
            <dt>{t('detect.field.closeReason')}</dt>
            <dd>{alert.closeReason}</dd>
          </>
        )}
        <dt>{t('detect.field.count')}</dt>
        <dd className="num">{formatCount(alert.count, locale)}</dd>
        <dt>{t('detect.field.firstSeen')}</dt>
        <dd>
          <time dateTime={alert.firstSeen}>{formatDateTime(alert.firstSeen, locale)}</time>
        </dd>
        <dt>{t('detect.field.lastSeen')}</dt>
        <dd>
          <time dateTime={alert.lastSeen}>{formatDateTime(alert.lastSeen, locale)}</time>
        </dd>
        <dt>{t('detect.field.source')}</dt>
        <dd>
          {source.name} ({source.kind}){source.address && <code> {source.address}</code>}
        </dd>
        <dt>{t('detect.field.attack')}</dt>
        <dd>
          <AttackTags tags={alert.attack} />
        </dd>
        <dt>{t('detect.field.tags')}</dt>
        <dd>
          <PlainTags tags={otherTags} />
        </dd>
        {correlation && (
          <>
            <dt>{t('detect.field.correlation')}</dt>
            <dd>
              {t('detect.correlation.text', {
                type: correlation.type,
                value: formatCount(correlation.value, locale),
              })}
              <PlainTags
                tags={Object.entries(correlation.group).map(([field, value]) => `${field}=${value}`)}
              />
            </dd>
          </>
        )}
        <dt>{t('detect.field.dedupKey')}</dt>
        <dd>
          <code>{alert.dedupKey}</code>
        </dd>
      </dl>
    </section>
  );
}
