import { Link, useLocation, useParams } from 'react-router';
import { can, useCurrentSession } from '../../../api/session.js';
import { QueryState } from '../../../components/QueryState.js';
import { useT } from '../../../i18n/I18nProvider.js';
import { useAlert } from '../alerts/alertsApi.js';
import { LevelBadge, StatusBadge } from '../shared/Badges.js';
import { AlertHistory } from './AlertHistory.js';
import { AlertSummary } from './AlertSummary.js';
import { EventEvidence } from './EventEvidence.js';
import { TriagePanel } from './TriagePanel.js';

function listSearchOf(state: unknown): string {
  if (typeof state !== 'object' || state === null) return '';
  const search = (state as { listSearch?: unknown }).listSearch;
  return typeof search === 'string' ? search : '';
}

export function AlertDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const location = useLocation();
  const session = useCurrentSession();
  const alert = useAlert(id);
  const data = alert.data;

  return (
    <>
      <p className="back">
        <Link to={`/detect${listSearchOf(location.state)}`}>{t('detect.alert.back')}</Link>
      </p>
      <QueryState query={alert} />
      {data && (
        <>
          <div className="page-head">
            <h1>{data.ruleTitle}</h1>
            <p className="badges">
              <LevelBadge level={data.level} />{' '}
              <StatusBadge status={data.status} falsePositive={data.falsePositive} />
            </p>
          </div>
          <AlertSummary alert={data} />
          {can(session, 'detect.triage') ? (
            <TriagePanel alert={data} />
          ) : (
            <p className="hint">{t('detect.triage.readOnly')}</p>
          )}
          <EventEvidence event={data.event} />
          <AlertHistory history={data.history} />
        </>
      )}
    </>
  );
}
