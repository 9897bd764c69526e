import { lazy, Suspense, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../../components/QueryState.js';
import { useT } from '../../../i18n/I18nProvider.js';
import { AlertFilterForm } from './AlertFilterForm.js';
import { alertSearch, readAlertFilter, timeWindow, type AlertFilter } from './alertFilter.js';
import { useAlertList, useAlertStats } from './alertsApi.js';
import { AlertsTable } from './AlertsTable.js';
import { AlertTotals } from './AlertTotals.js';
import { ChartData } from './ChartData.js';
import { ChartLegend } from './ChartLegend.js';

// The chart library is the heaviest part of the console: fetched only when this page opens.
const AlertsChart = lazy(() => import('./AlertsChart.js'));

export function AlertsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filter = useMemo(() => readAlertFilter(new URLSearchParams(search)), [search]);
  const period = useMemo(() => timeWindow(filter, new Date()), [filter]);
  const stats = useAlertStats(period);
  const list = useAlertList(filter, period);
  const alerts = list.data?.pages.flatMap((page) => page.alerts) ?? [];
  const apply = (next: AlertFilter) => setParams(alertSearch(next));
  const buckets = stats.data?.buckets ?? [];
  const anyAlert = buckets.some((b) => b.total > 0);

  return (
    <>
      <div className="page-head">
        <h1>{t('detect.alerts.title')}</h1>
        <button
          type="button"
          className="button-secondary"
          onClick={() => void Promise.all([stats.refetch(), list.refetch()])}
          disabled={stats.isFetching || list.isFetching}
        >
          {t('detect.alerts.refresh')}
        </button>
      </div>
      <AlertFilterForm key={search} filter={filter} onApply={apply} />

      <section className="panel" aria-labelledby="detect-chart-title">
        <h2 id="detect-chart-title">{t('detect.chart.title')}</h2>
        <p className="hint">{t('detect.chart.scope')}</p>
        <QueryState query={stats} empty={stats.data !== undefined && !anyAlert && t('detect.chart.empty')} />
        {anyAlert && (
          <>
            <ChartLegend />
            <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
              <AlertsChart buckets={buckets} bucket={period.bucket} />
            </Suspense>
            <ChartData buckets={buckets} bucket={period.bucket} />
          </>
        )}
        {stats.data && <AlertTotals stats={stats.data} filter={filter} />}
      </section>

      <section className="panel" aria-labelledby="detect-list-title">
        <h2 id="detect-list-title">{t('detect.alerts.list')}</h2>
        <QueryState
          query={list}
          empty={list.data !== undefined && alerts.length === 0 && t('detect.alerts.empty')}
        />
        {alerts.length > 0 && <AlertsTable alerts={alerts} />}
        <div className="pager">
          <p className="hint" aria-live="polite">
            {alerts.length > 0 && t('detect.alerts.shown', { count: alerts.length })}
          </p>
          {list.hasNextPage && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => void list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {list.isFetchingNextPage ? t('detect.alerts.loadingMore') : t('detect.alerts.loadMore')}
            </button>
          )}
        </div>
      </section>
    </>
  );
}
