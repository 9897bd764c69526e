import { DataTable, type Column } from '../../../components/DataTable.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { HISTORY_ACTIONS, type HistoryEntry } from '../types.js';

export function AlertHistory({ history }: { history: readonly HistoryEntry[] }) {
  const t = useT();
  const { locale } = useLocale();
  const columns: Column<HistoryEntry>[] = [
    {
      id: 'at',
      header: t('detect.history.at'),
      className: 'nowrap',
      cell: (h) => <time dateTime={h.at}>{formatDateTime(h.at, locale)}</time>,
    },
    { id: 'actor', header: t('detect.history.actor'), cell: (h) => h.actor },
    {
      id: 'action',
      header: t('detect.history.action'),
      cell: (h) =>
        (HISTORY_ACTIONS as readonly string[]).includes(h.action)
          ? t(`detect.history.${h.action}`)
          : h.action,
    },
    { id: 'detail', header: t('detect.history.detail'), className: 'details', cell: (h) => h.detail ?? '—' },
  ];
  return (
    <section className="panel" aria-labelledby="alert-history-title">
      <h2 id="alert-history-title">{t('detect.history.title')}</h2>
      <DataTable
        caption={t('detect.history.caption')}
        columns={columns}
        rows={history}
        rowKey={(h, index) => `${index}:${h.at}`}
      />
    </section>
  );
}
