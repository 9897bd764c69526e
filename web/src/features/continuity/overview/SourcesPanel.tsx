import { can, useCurrentSession } from '../../../api/session.js';
import { type Column, DataTable } from '../../../components/DataTable.js';
import { ContinuityError } from '../shared/ContinuityError.js';
import { Notice } from '../../../components/Notice.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';
import type { SourceSummary, SyncStatus } from '../types.js';
import { rejectedCount, useSyncSource } from './overviewApi.js';
import { RejectionList } from './RejectionList.js';
import { SyncBadge } from './SyncBadge.js';

interface Row {
  id: string;
  kind: string;
  baseUrl: string | null;
  status: SyncStatus | null;
  /** Configured sources can be pulled on demand; file imports only show how they went. */
  pullable: boolean;
}

interface Props {
  sources: readonly SourceSummary[];
  imports: readonly SyncStatus[];
}

export function SourcesPanel({ sources, imports }: Props) {
  const t = useT();
  const { locale } = useLocale();
  const session = useCurrentSession();
  const sync = useSyncSource();
  const mayManage = can(session, 'continuity.manage');
  const rows: Row[] = [
    ...sources.map((s) => ({ id: s.id, kind: s.mode, baseUrl: s.baseUrl, status: s.status, pullable: true })),
    ...imports.map((s) => ({ id: s.sourceId, kind: s.kind, baseUrl: null, status: s, pullable: false })),
  ];
  const kindText = (r: Row) => {
    if (r.pullable) return t(`continuity.sources.mode.${r.kind === 'search' ? 'search' : 'bulk'}`);
    return r.kind === 'import' ? t('continuity.sources.fileImport') : r.kind;
  };
  const lastSync = (status: SyncStatus | null) => {
    const at = status?.finishedAt ?? status?.startedAt;
    return at ? <time dateTime={at}>{formatDateTime(at, locale)}</time> : t('common.never');
  };
  const columns: Column<Row>[] = [
    {
      id: 'name',
      header: t('continuity.col.source'),
      rowHeader: true,
      className: 'nowrap',
      cell: (r) => r.id,
    },
    {
      id: 'kind',
      header: t('continuity.col.kind'),
      cell: (r) => (
        <>
          {kindText(r)}
          {r.baseUrl && <code className="address"> {r.baseUrl}</code>}
        </>
      ),
    },
    {
      id: 'last',
      header: t('continuity.col.lastSync'),
      className: 'nowrap',
      cell: (r) => lastSync(r.status),
    },
    { id: 'outcome', header: t('continuity.col.outcome'), cell: (r) => <SyncBadge status={r.status} /> },
    {
      id: 'resources',
      header: t('continuity.col.resources'),
      className: 'num',
      cell: (r) => formatCount(r.status?.resources ?? 0, locale),
    },
    {
      id: 'rejected',
      header: t('continuity.col.rejected'),
      className: 'num',
      cell: (r) => <RejectionList count={r.status?.rejected ?? 0} rejections={r.status?.rejections ?? []} />,
    },
    ...(mayManage
      ? [
          {
            id: 'actions',
            header: t('continuity.col.actions'),
            cell: (r: Row) =>
              r.pullable && (
                <button
                  type="button"
                  className="button-small"
                  disabled={sync.isPending}
                  onClick={() => sync.mutate(r.id)}
                >
                  {t('continuity.sources.syncNow')}
                  <span className="sr-only"> {r.id}</span>
                </button>
              ),
          },
        ]
      : []),
  ];

  return (
    <section className="panel" aria-labelledby="continuity-sources-title">
      <h2 id="continuity-sources-title">{t('continuity.sources.title')}</h2>
      <p className="hint">{t('continuity.sources.intro')}</p>
      <Notice>
        {sync.data
          ? t('continuity.sources.synced', {
              source: sync.variables,
              resources: formatCount(sync.data.resources, locale),
              rejected: formatCount(rejectedCount(sync.data), locale),
            })
          : null}
      </Notice>
      <ContinuityError error={sync.error} />
      {rows.length === 0 ? (
        <p>{t('continuity.sources.empty')}</p>
      ) : (
        <DataTable
          caption={t('continuity.sources.caption')}
          columns={columns}
          rows={rows}
          rowKey={(r) => `${r.pullable ? 'source' : 'import'}:${r.id}`}
        />
      )}
    </section>
  );
}
