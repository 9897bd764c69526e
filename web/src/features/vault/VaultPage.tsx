import { can, useCurrentSession } from '../../api/session.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Notice } from '../../components/Notice.js';
import { formatDateTime } from '../../i18n/dates.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import {
  type Job,
  type RepositorySummary,
  formatBytes,
  useJobs,
  useRepositories,
  useRunJob,
} from './vaultApi.js';

export function VaultPage() {
  const t = useT();
  const { locale } = useLocale();
  const session = useCurrentSession();
  const repositories = useRepositories();
  const jobs = useJobs();
  const runJob = useRunJob();
  const mayRun = can(session, 'vault.manage');
  const names = new Map((repositories.data ?? []).map((r) => [r.id, r.name]));
  const lastRun = runJob.data?.run;

  const repositoryColumns: Column<RepositorySummary>[] = [
    { id: 'name', header: t('vault.col.name'), rowHeader: true, cell: (repo) => repo.name },
    { id: 'location', header: t('vault.col.location'), cell: (repo) => <code>{repo.location}</code> },
    { id: 'snapshots', header: t('vault.col.snapshots'), cell: (repo) => repo.snapshots },
    {
      id: 'latest',
      header: t('vault.col.latest'),
      className: 'nowrap',
      cell: (repo) => (repo.latestSnapshot ? formatDateTime(repo.latestSnapshot, locale) : t('common.never')),
    },
    {
      id: 'size',
      header: t('vault.col.size'),
      className: 'nowrap',
      cell: (repo) => formatBytes(repo.storedBytes),
    },
    {
      id: 'status',
      header: t('vault.col.status'),
      cell: (repo) => (
        <span className={`badge badge-${repo.reachable ? 'success' : 'failure'}`}>
          {repo.reachable ? t('vault.reachable') : `${t('vault.unreachable')} (${repo.problem ?? ''})`}
        </span>
      ),
    },
  ];
  const jobColumns: Column<Job>[] = [
    { id: 'name', header: t('vault.col.job'), rowHeader: true, cell: (job) => job.name },
    {
      id: 'repository',
      header: t('vault.col.repository'),
      cell: (job) => names.get(job.repositoryId) ?? '—',
    },
    {
      id: 'schedule',
      header: t('vault.col.schedule'),
      cell: (job) => (
        <>
          <code>{job.schedule}</code>
          {!job.enabled && ` (${t('vault.disabled')})`}
        </>
      ),
    },
    {
      id: 'lastRun',
      header: t('vault.col.lastRun'),
      className: 'nowrap',
      cell: (job) => (job.lastRun ? formatDateTime(job.lastRun.startedAt, locale) : t('common.never')),
    },
    {
      id: 'status',
      header: t('vault.col.status'),
      cell: (job) =>
        job.lastRun ? (
          <span className={`badge badge-${job.lastRun.outcome}`} title={job.lastRun.message ?? ''}>
            {t(`vault.outcome.${job.lastRun.outcome}`)}
          </span>
        ) : (
          '—'
        ),
    },
    ...(mayRun
      ? [
          {
            id: 'actions',
            header: t('vault.col.actions'),
            cell: (job: Job) => (
              <button
                type="button"
                className="button-small"
                disabled={runJob.isPending}
                onClick={() => runJob.mutate(job)}
              >
                {t('vault.runNow')}
                <span className="sr-only"> {job.name}</span>
              </button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <h1>{t('vault.title')}</h1>
      <section className="panel" aria-labelledby="vault-repos-title">
        <h2 id="vault-repos-title">{t('vault.repositories')}</h2>
        <ErrorMessage error={repositories.error} />
        {repositories.isPending && <p role="status">{t('common.loading')}</p>}
        {repositories.data?.length === 0 && <p>{t('vault.noRepositories')}</p>}
        {repositories.data && repositories.data.length > 0 && (
          <DataTable
            caption={t('vault.repositories')}
            columns={repositoryColumns}
            rows={repositories.data}
            rowKey={(repo) => repo.id}
          />
        )}
      </section>
      <section className="panel" aria-labelledby="vault-jobs-title">
        <h2 id="vault-jobs-title">{t('vault.jobs')}</h2>
        <Notice>{lastRun ? t('vault.ran', { outcome: t(`vault.outcome.${lastRun.outcome}`) }) : null}</Notice>
        <ErrorMessage error={jobs.error ?? runJob.error} />
        {jobs.data?.length === 0 && <p>{t('vault.noJobs')}</p>}
        {jobs.data && jobs.data.length > 0 && (
          <DataTable
            caption={t('vault.jobs')}
            columns={jobColumns}
            rows={jobs.data}
            rowKey={(job) => job.id}
          />
        )}
      </section>
    </>
  );
}
