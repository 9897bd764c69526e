import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Notice } from '../../components/Notice.js';
import { formatDateTime } from '../../i18n/dates.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { CreateTokenForm } from './CreateTokenForm.js';
import { tokenStatus, useRevokeToken, useTokens } from './tokensApi.js';

export function TokensPage() {
  const t = useT();
  const { locale } = useLocale();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [notice, setNotice] = useState<string | null>(null);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale) : t('common.never'));
  const now = Date.now();

  return (
    <>
      <h1>{t('tokens.title')}</h1>
      <CreateTokenForm />
      <section className="panel" aria-labelledby="tokens-list-title">
        <h2 id="tokens-list-title">{t('tokens.list')}</h2>
        <Notice>{notice}</Notice>
        <ErrorMessage error={revoke.error ?? tokens.error} />
        {tokens.isPending && <p role="status">{t('common.loading')}</p>}
        {tokens.data?.length === 0 && <p>{t('tokens.empty')}</p>}
        {tokens.data && tokens.data.length > 0 && (
          <div className="table-scroll">
            <table aria-labelledby="tokens-list-title">
              <thead>
                <tr>
                  <th scope="col">{t('tokens.col.name')}</th>
                  <th scope="col">{t('tokens.col.owner')}</th>
                  <th scope="col">{t('tokens.col.scopes')}</th>
                  <th scope="col">{t('tokens.col.created')}</th>
                  <th scope="col">{t('tokens.col.expires')}</th>
                  <th scope="col">{t('tokens.col.lastUsed')}</th>
                  <th scope="col">{t('tokens.col.status')}</th>
                  <th scope="col">{t('tokens.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((token) => {
                  const status = tokenStatus(token, now);
                  return (
                    <tr key={token.id}>
                      <th scope="row">{token.name}</th>
                      <td>{token.owner}</td>
                      <td>
                        {token.scopes.map((s) => (
                          <code key={s} className="tag">
                            {s}
                          </code>
                        ))}
                      </td>
                      <td className="nowrap">{formatDateTime(token.createdAt, locale)}</td>
                      <td className="nowrap">{when(token.expiresAt)}</td>
                      <td className="nowrap">{when(token.lastUsedAt)}</td>
                      <td>
                        <span className={`badge badge-${status}`}>{t(`tokens.status.${status}`)}</span>
                      </td>
                      <td>
                        {status !== 'revoked' && (
                          <button
                            type="button"
                            className="button-small button-danger"
                            disabled={revoke.isPending}
                            onClick={() =>
                              revoke.mutate(token, {
                                onSuccess: () => setNotice(t('tokens.revoked', { name: token.name })),
                              })
                            }
                          >
                            {t('tokens.revoke')}
                            <span className="sr-only"> {token.name}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
