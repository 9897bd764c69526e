import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.js';
import { QueryState } from '../../components/QueryState.js';
import { useT } from '../../i18n/I18nProvider.js';
import { detectionPath, useDetections } from './sentinelApi.js';
import { StatusBadge, writerName } from './StatusBadge.js';
import type { DetectionSummary } from './types.js';
import { When } from './When.js';

export function DetectionsPanel() {
  const t = useT();
  const detections = useDetections();
  const rows = detections.data ?? [];
  const columns: Column<DetectionSummary>[] = [
    {
      id: 'when',
      header: t('sentinel.col.detectedAt'),
      rowHeader: true,
      className: 'nowrap',
      cell: (d) => (
        <Link to={detectionPath(d.id)}>
          <When iso={d.detectedAt} />
        </Link>
      ),
    },
    { id: 'share', header: t('sentinel.col.share'), cell: (d) => <code>{d.share}</code> },
    { id: 'writer', header: t('sentinel.col.writer'), cell: (d) => writerName(d.writer) },
    { id: 'score', header: t('sentinel.col.score'), cell: (d) => String(d.score) },
    {
      id: 'files',
      header: t('sentinel.col.files'),
      cell: (d) =>
        d.filesAtLeast
          ? t('sentinel.files.countAtLeast', { count: String(d.filesTotal) })
          : String(d.filesTotal),
    },
    { id: 'status', header: t('sentinel.col.status'), cell: (d) => <StatusBadge status={d.status} /> },
  ];
  return (
    <section className="panel" aria-labelledby="sentinel-detections-title">
      <h2 id="sentinel-detections-title">{t('sentinel.detections.title')}</h2>
      <QueryState
        query={detections}
        empty={detections.data !== undefined && rows.length === 0 && t('sentinel.detections.empty')}
      />
      {rows.length > 0 && (
        <DataTable
          caption={t('sentinel.detections.title')}
          columns={columns}
          rows={rows}
          rowKey={(d) => d.id}
        />
      )}
    </section>
  );
}
