import { Link, useLocation } from 'react-router';
import { DataTable, type Column } from '../../../components/DataTable.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { LevelBadge, StatusBadge } from '../shared/Badges.js';
import { formatCount } from '../shared/format.js';
import { alertPath } from '../shared/paths.js';
import type { Alert } from '../types.js';

export function AlertsTable({ alerts }: { alerts: readonly Alert[] }) {
  const t = useT();
  const { locale } = useLocale();
  // The detail page links back to the list as it was filtered.
  const { search } = useLocation();
  const columns: Column<Alert>[] = [
    { id: 'level', header: t('detect.col.level'), cell: (a) => <LevelBadge level={a.level} /> },
    {
      id: 'alert',
      header: t('detect.col.alert'),
      rowHeader: true,
      cell: (a) => (
        <Link to={alertPath(a.id)} state={{ listSearch: search }}>
          {a.ruleTitle}
        </Link>
      ),
    },
    {
      id: 'status',
      header: t('detect.col.status'),
      cell: (a) => <StatusBadge status={a.status} falsePositive={a.falsePositive} />,
    },
    {
      id: 'count',
      header: t('detect.col.count'),
      className: 'num',
      cell: (a) => formatCount(a.count, locale),
    },
    { id: 'source', header: t('detect.col.source'), className: 'nowrap', cell: (a) => a.source.name },
    {
      id: 'assignee',
      header: t('detect.col.assignee'),
      cell: (a) => a.assignee ?? <span className="muted">{t('detect.unassigned')}</span>,
    },
    {
      id: 'lastSeen',
      header: t('detect.col.lastSeen'),
      className: 'nowrap',
      cell: (a) => <time dateTime={a.lastSeen}>{formatDateTime(a.lastSeen, locale)}</time>,
    },
  ];
  return (
    <DataTable caption={t('detect.alerts.caption')} columns={columns} rows={alerts} rowKey={(a) => a.id} />
  );
}
