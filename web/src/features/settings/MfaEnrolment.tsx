import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { MfaEnrolment as Enrolment } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { useT } from '../../i18n/I18nProvider.js';

/**
 * The QR code is shown as an image, never inserted into the page's markup: an <img> cannot run
 * script even if the SVG carried some.
 */
function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

export function MfaEnrolment({ onConfirmed }: { onConfirmed: (recoveryCodes: string[]) => void }) {
  const t = useT();
  const [code, setCode] = useState('');
  const start = useMutation({ mutationFn: () => api.post<Enrolment>('/api/me/mfa/enrol') });
  const confirm = useMutation({
    mutationFn: (value: string) =>
      api.post<{ recoveryCodes: string[] }>('/api/me/mfa/confirm', { code: value }),
    onSuccess: ({ recoveryCodes }) => onConfirmed(recoveryCodes),
  });

  if (!start.data) {
    return (
      <>
        <ErrorMessage error={start.error} />
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
          {t('mfa.start')}
        </button>
      </>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate(code.replace(/\s+/g, ''));
  }

  const { secret, qrSvg } = start.data;
  return (
    <div className="enrol">
      <p>{t('mfa.scan')}</p>
      <div className="enrol-grid">
        <img className="qr" src={svgDataUrl(qrSvg)} alt={t('mfa.qrAlt')} width={200} height={200} />
        <div className="stack">
          <dl>
            <dt id="mfa-secret-label">{t('mfa.secret')}</dt>
            <dd>
              <code className="secret-value" data-testid="mfa-secret" aria-labelledby="mfa-secret-label">
                {groupSecret(secret)}
              </code>
            </dd>
          </dl>
          <form onSubmit={submit} className="stack">
            <ErrorMessage error={confirm.error} id="mfa-confirm-error" />
            <Field
              label={t('mfa.code')}
              required
              autoComplete="one-time-code"
              inputMode="numeric"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              errorId={confirm.error ? 'mfa-confirm-error' : undefined}
            />
            <button type="submit" disabled={confirm.isPending}>
              {t('mfa.confirm')}
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}
