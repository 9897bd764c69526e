import { Link } from 'react-router';
import { useCurrentSession } from '../../api/session.js';
import { useT } from '../../i18n/I18nProvider.js';

/** What the user must do before the rest of the console opens: choose a password, then enrol MFA. */
export function AccountBanner() {
  const t = useT();
  const { mfaEnrolmentRequired, passwordChangeRequired } = useCurrentSession();
  if (passwordChangeRequired) {
    return (
      <div className="banner" role="status">
        <p>
          {t('shell.passwordBanner')} <Link to="/settings#password">{t('shell.passwordBannerLink')}</Link>
        </p>
      </div>
    );
  }
  if (!mfaEnrolmentRequired) return null;
  return (
    <div className="banner" role="status">
      <p>
        {t('shell.mfaBanner')} <Link to="/settings#mfa">{t('shell.mfaBannerLink')}</Link>
      </p>
    </div>
  );
}
