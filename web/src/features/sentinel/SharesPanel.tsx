import { useState } from 'react';
import { can, useCurrentSession } from '../../api/session.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Notice } from '../../components/Notice.js';
import { useT } from '../../i18n/I18nProvider.js';
import { useMakeWritable } from './sentinelApi.js';
import type { ShareView } from './types.js';
import { When } from './When.js';

/** Whether each share is watched whole; a share that is not says why and how to fix it. */
function Coverage({ share }: { share: ShareView }) {
  const t = useT();
  const status = share.status;
  if (!status) return <span className="badge badge-disabled">{t('sentinel.coverage.never')}</span>;
  if (status.complete && share.watching)
    return (
      <>
        <span className="badge badge-success">
          {t('sentinel.coverage.complete', { mode: status.mode, directories: String(status.directories) })}
        </span>
        <p>
          {status.baselineAt ? (
            <>
              {t('sentinel.baseline.done')} <When iso={status.baselineAt} />
            </>
          ) : (
            t('sentinel.baseline.pending')
          )}
        </p>
        {share.watchedBy && <p>{t('sentinel.watchedBy', { holder: share.watchedBy.holder })}</p>}
        {status.eventsLostAt && (
          <p role="alert" className="alert alert-error">
            {t('sentinel.eventsLost')} <When iso={status.eventsLostAt} />
          </p>
        )}
      </>
    );
  return (
    <div role="alert" className="alert alert-error">
      <p>
        <strong>{t('sentinel.coverage.problem', { mode: status.mode })}</strong>
      </p>
      <p>{status.problem ?? t('sentinel.coverage.notRunning')}</p>
      <p>{t('sentinel.coverage.advice')}</p>
    </div>
  );
}

export function SharesPanel({ shares }: { shares: ShareView[] }) {
  const t = useT();
  const session = useCurrentSession();
  const writable = useMakeWritable();
  const [notice, setNotice] = useState<string | null>(null);
  const columns: Column<ShareView>[] = [
    { id: 'path', header: t('sentinel.col.share'), rowHeader: true, cell: (s) => <code>{s.path}</code> },
    { id: 'coverage', header: t('sentinel.col.coverage'), cell: (s) => <Coverage share={s} /> },
    { id: 'actions', header: t('sentinel.col.stopActions'), cell: (s) => s.actions.join(', ') || '—' },
    { id: 'canaries', header: t('sentinel.col.canaries'), cell: (s) => String(s.canaries) },
    {
      id: 'verified',
      header: t('sentinel.col.verified'),
      className: 'nowrap',
      cell: (s) => <When iso={s.status?.canariesVerifiedAt ?? null} />,
    },
    {
      id: 'renewed',
      header: t('sentinel.col.renewed'),
      className: 'nowrap',
      cell: (s) => <When iso={s.status?.canariesRenewedAt ?? null} />,
    },
    ...(can(session, 'sentinel.respond')
      ? [
          {
            id: 'writable',
            header: t('sentinel.col.respond'),
            cell: (s: ShareView) =>
              s.actions.includes('read-only') && (
                <ConfirmButton
                  label={t('sentinel.writable')}
                  confirmLabel={t('sentinel.writableConfirm')}
                  subject={s.path}
                  busy={writable.isPending}
                  onConfirm={() =>
                    writable.mutate(s.path, {
                      onSuccess: () => setNotice(t('sentinel.writableDone', { path: s.path })),
                    })
                  }
                />
              ),
          },
        ]
      : []),
  ];
  return (
    <section className="panel" aria-labelledby="sentinel-shares-title">
      <h2 id="sentinel-shares-title">{t('sentinel.shares.title')}</h2>
      <Notice>{notice}</Notice>
      <ErrorMessage error={writable.error} />
      {shares.length === 0 ? (
        <p>{t('sentinel.shares.empty')}</p>
      ) : (
        <DataTable
          caption={t('sentinel.shares.title')}
          columns={columns}
          rows={shares}
          rowKey={(s) => s.path}
        />
      )}
    </section>
  );
}
