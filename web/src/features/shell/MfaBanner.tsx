import { Link } from 'react-router';
import { useCurrentSession } from '../../api/session.js';
import { useT } from '../../i18n/I18nProvider.js';

export function MfaBanner() {
  const t = useT();
  const { mfaEnrolmentRequired } = useCurrentSession();
  if (!mfaEnrolmentRequired) return null;
  return (
    <div className="banner" role="status">
      <p>
        {t('shell.mfaBanner')} <Link to="/settings#mfa">{t('shell.mfaBannerLink')}</Link>
      </p>
    </div>
  );
}
