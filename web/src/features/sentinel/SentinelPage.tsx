import { QueryState } from '../../components/QueryState.js';
import { useT } from '../../i18n/I18nProvider.js';
import { DetectionsPanel } from './DetectionsPanel.js';
import { useSentinelStatus } from './sentinelApi.js';
import { SharesPanel } from './SharesPanel.js';

/** The shares the sentinel guards, whether each is watched whole, and the writers it stopped. */
export function SentinelPage() {
  const t = useT();
  const status = useSentinelStatus();
  const data = status.data;
  return (
    <>
      <h1>{t('sentinel.title')}</h1>
      <p className="lead">{t('sentinel.lead')}</p>
      {data && data.openDetections > 0 && (
        <div className="alert alert-error" role="alert">
          <p>{t('sentinel.openDetections', { count: String(data.openDetections) })}</p>
        </div>
      )}
      {data ? <SharesPanel shares={data.shares} /> : <QueryState query={status} />}
      <DetectionsPanel />
    </>
  );
}
