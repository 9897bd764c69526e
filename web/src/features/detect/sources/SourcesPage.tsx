import { DataTable, type Column } from '../../../components/DataTable.js';
import { QueryState } from '../../../components/QueryState.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { SourceStatusBadge } from '../shared/Badges.js';
import { formatCount } from '../shared/format.js';
import type { IngestSource } from '../types.js';
import { QuarantineList } from './QuarantineList.js';
import { useSources } from './sourcesApi.js';

export function SourcesPage() {
  const t = useT();
  const { locale } = useLocale();
  const sources = useSources();
  const rows = sources.data ?? [];
  const counter = (
    id: 'received' | 'processed' | 'dropped' | 'malformed' | 'lagging',
  ): Column<IngestSource> => ({
    id,
    header: t(`detect.col.${id}`),
    className: 'num',
    cell: (s) => formatCount(s[id], locale),
  });
  const columns: Column<IngestSource>[] = [
    { id: 'name', header: t('detect.col.name'), rowHeader: true, className: 'nowrap', cell: (s) => s.name },
    {
      id: 'kind',
      header: t('detect.col.kind'),
      cell: (s) => (
        <>
          {s.kind}
          {s.address && <code className="address"> {s.address}</code>}
        </>
      ),
    },
    { id: 'status', header: t('detect.col.health'), cell: (s) => <SourceStatusBadge status={s.status} /> },
    counter('received'),
    counter('processed'),
    counter('dropped'),
    counter('malformed'),
    counter('lagging'),
    {
      id: 'lastEvent',
      header: t('detect.col.lastEvent'),
      className: 'nowrap',
      cell: (s) =>
        s.lastEventAt ? (
          <time dateTime={s.lastEventAt}>{formatDateTime(s.lastEventAt, locale)}</time>
        ) : (
          t('common.never')
        ),
    },
  ];

  return (
    <>
      <h1>{t('detect.sources.title')}</h1>
      <section className="panel" aria-labelledby="detect-sources-title">
        <h2 id="detect-sources-title">{t('detect.sources.list')}</h2>
        <p className="hint">{t('detect.sources.intro')}</p>
        <QueryState
          query={sources}
          empty={sources.data !== undefined && rows.length === 0 && t('detect.sources.empty')}
        />
        {rows.length > 0 && (
          <DataTable
            caption={t('detect.sources.caption')}
            columns={columns}
            rows={rows}
            rowKey={(s) => s.name}
          />
        )}
      </section>
      <QuarantineList sourceNames={rows.map((s) => s.name)} />
    </>
  );
}
