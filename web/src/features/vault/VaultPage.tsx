import { can, useCurrentSession } from '../../api/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Notice } from '../../components/Notice.js';
import { formatDateTime } from '../../i18n/dates.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { formatBytes, useJobs, useRepositories, useRunJob } from './vaultApi.js';

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

  return (
    <>
      <h1>{t('vault.title')}</h1>
      <section className="panel" aria-labelledby="vault-repos-title">
        <h2 id="vault-repos-title">{t('vault.repositories')}</h2>
        <ErrorMessage error={repositories.error} />
        {repositories.isPending && <p role="status">{t('common.loading')}</p>}
        {repositories.data?.length === 0 && <p>{t('vault.noRepositories')}</p>}
        {repositories.data && repositories.data.length > 0 && (
          <div className="table-scroll">
            <table aria-labelledby="vault-repos-title">
              <thead>
                <tr>
                  <th scope="col">{t('vault.col.name')}</th>
                  <th scope="col">{t('vault.col.location')}</th>
                  <th scope="col">{t('vault.col.snapshots')}</th>
                  <th scope="col">{t('vault.col.latest')}</th>
                  <th scope="col">{t('vault.col.size')}</th>
                  <th scope="col">{t('vault.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {repositories.data.map((repo) => (
                  <tr key={repo.id}>
                    <th scope="row">{repo.name}</th>
                    <td>
                      <code>{repo.location}</code>
                    </td>
                    <td>{repo.snapshots}</td>
                    <td className="nowrap">
                      {repo.latestSnapshot ? formatDateTime(repo.latestSnapshot, locale) : t('common.never')}
                    </td>
                    <td className="nowrap">{formatBytes(repo.storedBytes)}</td>
                    <td>
                      <span className={`badge badge-${repo.reachable ? 'success' : 'failure'}`}>
                        {repo.reachable
                          ? t('vault.reachable')
                          : `${t('vault.unreachable')} (${repo.problem ?? ''})`}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="vault-jobs-title">
        <h2 id="vault-jobs-title">{t('vault.jobs')}</h2>
        <Notice>{lastRun ? t('vault.ran', { outcome: t(`vault.outcome.${lastRun.outcome}`) }) : null}</Notice>
        <ErrorMessage error={jobs.error ?? runJob.error} />
        {jobs.data?.length === 0 && <p>{t('vault.noJobs')}</p>}
        {jobs.data && jobs.data.length > 0 && (
          <div className="table-scroll">
            <table aria-labelledby="vault-jobs-title">
              <thead>
                <tr>
                  <th scope="col">{t('vault.col.job')}</th>
                  <th scope="col">{t('vault.col.repository')}</th>
                  <th scope="col">{t('vault.col.schedule')}</th>
                  <th scope="col">{t('vault.col.lastRun')}</th>
                  <th scope="col">{t('vault.col.status')}</th>
                  {mayRun && <th scope="col">{t('vault.col.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {jobs.data.map((job) => (
                  <tr key={job.id}>
                    <th scope="row">{job.name}</th>
                    <td>{names.get(job.repositoryId) ?? '—'}</td>
                    <td>
                      <code>{job.schedule}</code>
                      {!job.enabled && ` (${t('vault.disabled')})`}
                    </td>
                    <td className="nowrap">
                      {job.lastRun ? formatDateTime(job.lastRun.startedAt, locale) : t('common.never')}
                    </td>
                    <td>
                      {job.lastRun ? (
                        <span
                          className={`badge badge-${job.lastRun.outcome}`}
                          title={job.lastRun.message ?? ''}
                        >
                          {t(`vault.outcome.${job.lastRun.outcome}`)}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                    {mayRun && (
                      <td>
                        <button
                          type="button"
                          className="button-small"
                          disabled={runJob.isPending}
                          onClick={() => runJob.mutate(job)}
                        >
                          {t('vault.runNow')}
                          <span className="sr-only"> {job.name}</span>
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
