import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useT } from '../../i18n/I18nProvider.js';
import { useVerifyChain } from './auditApi.js';

export function VerifyChain() {
  const t = useT();
  const verify = useVerifyChain();
  const result = verify.data;
  return (
    <div className="verify">
      <button
        type="button"
        className="button-secondary"
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
      >
        {verify.isPending ? t('audit.verifying') : t('audit.verify')}
      </button>
      <div aria-live="polite">
        {result?.ok && (
          <p className="alert alert-success">{t('audit.verify.ok', { count: result.records })}</p>
        )}
        {result && !result.ok && (
          <p className="alert alert-error" role="alert">
            {t('audit.verify.broken', { seq: result.brokenAt ?? '?', reason: result.reason ?? '' })}
          </p>
        )}
      </div>
      <ErrorMessage error={verify.error} />
    </div>
  );
}
