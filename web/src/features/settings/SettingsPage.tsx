import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { can, useCurrentSession } from '../../api/session.js';
import { useT } from '../../i18n/I18nProvider.js';
import { MfaPolicyEditor } from './MfaPolicyEditor.js';
import { MfaSection } from './MfaSection.js';
import { PasswordForm } from './PasswordForm.js';
import { ProfileForm } from './ProfileForm.js';

export function SettingsPage() {
  const t = useT();
  const session = useCurrentSession();
  const { hash } = useLocation();

  // The account banner links to #password or #mfa: bring that section into view and give it focus.
  useEffect(() => {
    if (hash !== '#mfa' && hash !== '#password') return;
    const section = document.getElementById(hash.slice(1));
    section?.scrollIntoView();
    section?.focus();
  }, [hash]);

  return (
    <>
      <h1>{t('settings.title')}</h1>
      <ProfileForm />
      <MfaSection />
      <PasswordForm />
      {can(session, 'settings.manage') && <MfaPolicyEditor />}
    </>
  );
}
