import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { SessionContext, sessionEndedByUser, useSession } from '../../api/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useT } from '../../i18n/I18nProvider.js';

export function RequireAuth({ children }: { children: ReactNode }) {
  const t = useT();
  const location = useLocation();
  const { data: session, isPending, error } = useSession();
  if (isPending) {
    return (
      <p className="page-loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (error) {
    return (
      <main id="main" className="content">
        <ErrorMessage error={error} />
      </main>
    );
  }
  if (!session) {
    const state = sessionEndedByUser() ? null : { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
