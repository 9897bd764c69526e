import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sessionKey, useCurrentSession } from '../../api/session.js';
import { Notice } from '../../components/Notice.js';
import { SecretBox } from '../../components/SecretBox.js';
import { useT } from '../../i18n/I18nProvider.js';
import { MfaDisable } from './MfaDisable.js';
import { MfaEnrolment } from './MfaEnrolment.js';

export function MfaSection() {
  const t = useT();
  const client = useQueryClient();
  const { user } = useCurrentSession();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The session knows whether MFA is on and whether the role still demands enrolment.
  const refresh = () => client.invalidateQueries({ queryKey: sessionKey });

  return (
    <section className="panel" id="mfa" aria-labelledby="mfa-title" tabIndex={-1}>
      <h2 id="mfa-title">{t('mfa.title')}</h2>
      <Notice>{notice}</Notice>
      {recoveryCodes && (
        <SecretBox title={t('mfa.recoveryTitle')} onDismiss={() => setRecoveryCodes(null)}>
          <p>{t('mfa.recoveryHelp')}</p>
          <ul className="codes" aria-label={t('mfa.recoveryTitle')}>
            {recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
        </SecretBox>
      )}
      <p>{user.mfaEnabled ? t('mfa.statusOn') : t('mfa.statusOff')}</p>
      {user.mfaEnabled ? (
        <MfaDisable
          onDisabled={() => {
            setNotice(t('mfa.disabled'));
            void refresh();
          }}
        />
      ) : (
        !recoveryCodes && (
          <MfaEnrolment
            onConfirmed={(codes) => {
              setRecoveryCodes(codes);
              setNotice(t('mfa.enabled'));
              void refresh();
            }}
          />
        )
      )}
    </section>
  );
}
