import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { useT } from '../../i18n/I18nProvider.js';

interface SsoInfo {
  enabled: boolean;
  label?: string;
}

export function SsoButton() {
  const t = useT();
  const { data } = useQuery({
    queryKey: ['auth', 'sso'],
    queryFn: () => api.get<SsoInfo>('/api/auth/sso'),
    staleTime: Infinity,
    retry: false,
  });
  if (!data?.enabled) return null;
  const label = data.label ?? t('auth.sso.defaultLabel');
  return (
    <div className="stack sso">
      <p className="divider">
        <span>{t('auth.sso.or')}</span>
      </p>
      {/* A full navigation, not fetch: the identity provider needs the browser to follow its redirects. */}
      <button
        type="button"
        className="button-secondary"
        onClick={() => window.location.assign('/api/auth/sso/start')}
      >
        {t('auth.sso.button', { label })}
      </button>
    </div>
  );
}
