import { DataTable, type Column } from '../../../components/DataTable.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';
import { LEVELS, type Bucket, type StatsBucket } from '../types.js';
import { formatBucket } from './bucketLabel.js';

/** The chart's numbers as a table, for screen readers and anyone who wants exact counts. */
export function ChartData({ buckets, bucket }: { buckets: readonly StatsBucket[]; bucket: Bucket }) {
  const t = useT();
  const { locale } = useLocale();
  const columns: Column<StatsBucket>[] = [
    {
      id: 'period',
      header: t('detect.chart.period'),
      rowHeader: true,
      className: 'nowrap',
      cell: (b) => <time dateTime={b.start}>{formatBucket(b.start, bucket, locale)}</time>,
    },
    ...LEVELS.map((level): Column<StatsBucket> => ({
      id: level,
      header: t(`detect.level.${level}`),
      className: 'num',
      cell: (b) => formatCount(b.byLevel[level] ?? 0, locale),
    })),
    {
      id: 'total',
      header: t('detect.chart.total'),
      className: 'num',
      cell: (b) => formatCount(b.total, locale),
    },
  ];
  return (
    <details className="chart-data">
      <summary>{t('detect.chart.asTable')}</summary>
      <DataTable
        caption={t('detect.chart.caption')}
        columns={columns}
        rows={buckets.filter((b) => b.total > 0)}
        rowKey={(b) => b.start}
      />
    </details>
  );
}
