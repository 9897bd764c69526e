import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { can, useCurrentSession } from '../../api/session.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Notice } from '../../components/Notice.js';
import { QueryState } from '../../components/QueryState.js';
import { useT } from '../../i18n/I18nProvider.js';
import { type WriterDecision, useDecideWriter, useDetection } from './sentinelApi.js';
import { StatusBadge } from './StatusBadge.js';
import { type Detection, isOpen } from './types.js';
import { When } from './When.js';

const at = (ms: number) => new Date(ms).toISOString();

/** What the operator may decide about a stopped writer: let it go, end it, or close the case. */
function Decisions({ detection }: { detection: Detection }) {
  const t = useT();
  const decide = useDecideWriter();
  const [notice, setNotice] = useState<string | null>(null);
  const run = (decision: WriterDecision) =>
    decide.mutate(
      { id: detection.id, decision },
      { onSuccess: (updated) => setNotice(t(`sentinel.decided.${updated.status}`)) },
    );
  const subject = `${detection.writer.executable ?? '?'} (${detection.writer.pid ?? '?'})`;
  return (
    <section className="panel" aria-labelledby="sentinel-decide-title">
      <h2 id="sentinel-decide-title">{t('sentinel.decide.title')}</h2>
      <Notice>{notice}</Notice>
      <ErrorMessage error={decide.error} />
      {isOpen(detection.status) ? (
        <>
          {detection.status === 'unstopped' ? (
            <p role="alert" className="alert alert-error">
              {t('sentinel.decide.unstopped')}
            </p>
          ) : (
            <p>{t('sentinel.decide.explain')}</p>
          )}
          <div className="actions">
            <ConfirmButton
              label={t('sentinel.release')}
              confirmLabel={t('sentinel.releaseConfirm')}
              subject={subject}
              busy={decide.isPending}
              onConfirm={() => run('release')}
            />{' '}
            <ConfirmButton
              label={t('sentinel.kill')}
              confirmLabel={t('sentinel.killConfirm')}
              subject={subject}
              busy={decide.isPending}
              onConfirm={() => run('kill')}
            />{' '}
            <ConfirmButton
              label={t('sentinel.resolve')}
              confirmLabel={t('sentinel.resolveConfirm')}
              subject={subject}
              busy={decide.isPending}
              onConfirm={() => run('resolve')}
            />
          </div>
        </>
      ) : (
        <p>{t('sentinel.decide.closed', { by: detection.resolvedBy ?? '?' })}</p>
      )}
    </section>
  );
}

export function DetectionPage() {
  const t = useT();
  const { id = '' } = useParams();
  const session = useCurrentSession();
  const query = useDetection(id);
  const detection = query.data;
  return (
    <>
      <p>
        <Link to="/sentinel">{t('sentinel.back')}</Link>
      </p>
      <h1>{t('sentinel.detection.title')}</h1>
      <QueryState query={query} />
      {detection && (
        <>
          <section className="panel" aria-labelledby="sentinel-writer-title">
            <h2 id="sentinel-writer-title">{t('sentinel.writer.title')}</h2>
            <dl className="facts">
              <dt>{t('sentinel.col.status')}</dt>
              <dd>
                <StatusBadge status={detection.status} />
              </dd>
              <dt>{t('sentinel.col.share')}</dt>
              <dd>
                <code>{detection.share}</code>
              </dd>
              <dt>{t('sentinel.writer.process')}</dt>
              <dd>
                <code>{detection.writer.executable ?? '?'}</code> (pid {detection.writer.pid ?? '?'})
              </dd>
              <dt>{t('sentinel.writer.commandLine')}</dt>
              <dd>
                <code>{detection.writer.commandLine ?? '?'}</code>
              </dd>
              <dt>{t('sentinel.writer.user')}</dt>
              <dd>{detection.writer.user ?? '?'}</dd>
              {detection.writer.smbClient && (
                <>
                  <dt>{t('sentinel.writer.smbClient')}</dt>
                  <dd>
                    {detection.writer.smbClient.machine} {detection.writer.smbClient.address ?? ''}{' '}
                    {detection.writer.smbClient.user ?? ''}
                  </dd>
                </>
              )}
              <dt>{t('sentinel.col.score')}</dt>
              <dd>{detection.score}</dd>
              <dt>{t('sentinel.firstSignal')}</dt>
              <dd>
                <When iso={detection.firstSignalAt} />
              </dd>
              <dt>{t('sentinel.col.detectedAt')}</dt>
              <dd>
                <When iso={detection.detectedAt} />
              </dd>
            </dl>
          </section>
          {can(session, 'sentinel.respond') && <Decisions detection={detection} />}
          <section className="panel" aria-labelledby="sentinel-actions-title">
            <h2 id="sentinel-actions-title">{t('sentinel.actions.title')}</h2>
            <ul>
              {detection.actions.map((action, index) => (
                <li key={index}>
                  <When iso={at(action.at)} /> <strong>{action.action}</strong>{' '}
                  {action.ok ? t('sentinel.actions.ok') : t('sentinel.actions.failed')}: {action.detail}
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="sentinel-signals-title">
            <h2 id="sentinel-signals-title">{t('sentinel.signals.title')}</h2>
            <ul>
              {detection.signals.map((signal, index) => (
                <li key={index}>
                  <strong>{signal.kind}</strong> +{signal.weight} <code>{signal.path}</code> — {signal.detail}
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="sentinel-files-title">
            <h2 id="sentinel-files-title">
              {t(detection.filesAtLeast ? 'sentinel.files.atLeast' : 'sentinel.files.title', {
                count: String(detection.filesTotal),
              })}
            </h2>
            <ul className="file-list">
              {detection.files.map((file) => (
                <li key={file}>
                  <code>{file}</code>
                </li>
              ))}
            </ul>
            {detection.filesTotal > detection.files.length && (
              <p>
                {t('sentinel.files.more', { count: String(detection.filesTotal - detection.files.length) })}
              </p>
            )}
          </section>
        </>
      )}
    </>
  );
}
