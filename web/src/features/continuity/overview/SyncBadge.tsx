import { useT } from '../../../i18n/I18nProvider.js';
import type { SyncStatus } from '../types.js';

const BADGE = { ok: 'success', partial: 'partial', running: 'running', failed: 'failure' } as const;

/** The outcome in words and colour, with the server's message as a tooltip and for screen readers. */
export function SyncBadge({ status }: { status: SyncStatus | null }) {
  const t = useT();
  if (!status?.outcome)
    return <span className="badge badge-disabled">{t('continuity.sources.neverSynced')}</span>;
  return (
    <>
      <span className={`badge badge-${BADGE[status.outcome]}`}>
        {t(`continuity.sources.outcome.${status.outcome}`)}
      </span>
      {status.message && <span className="sync-message"> {status.message}</span>}
    </>
  );
}
