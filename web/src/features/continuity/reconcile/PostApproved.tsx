import { ContinuityError } from '../shared/ContinuityError.js';
import { Notice } from '../../../components/Notice.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';
import { usePostApproved } from './reconcileApi.js';

/** Sends every approved entry to the EHR; refused ones stay listed as failed, with the EHR's reason. */
export function PostApproved() {
  const t = useT();
  const { locale } = useLocale();
  const post = usePostApproved();
  const result = post.data;
  return (
    <section className="panel" aria-labelledby="reconcile-post-title">
      <h2 id="reconcile-post-title">{t('continuity.post.title')}</h2>
      <p className="hint">{t('continuity.post.intro')}</p>
      <Notice>
        {result && result.failed === 0
          ? t('continuity.post.done', { posted: formatCount(result.posted, locale) })
          : null}
      </Notice>
      {result && result.failed > 0 && (
        <p className="alert alert-warning" role="status">
          {t('continuity.post.partly', {
            posted: formatCount(result.posted, locale),
            failed: formatCount(result.failed, locale),
          })}
        </p>
      )}
      <ContinuityError error={post.error} />
      <button type="button" disabled={post.isPending} onClick={() => post.mutate()}>
        {post.isPending ? t('continuity.post.sending') : t('continuity.post.submit')}
      </button>
    </section>
  );
}
