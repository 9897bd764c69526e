import { ApiError } from '../../../api/client.js';
import { ErrorMessage } from '../../../components/ErrorMessage.js';
import { useT } from '../../../i18n/I18nProvider.js';

/**
 * A route this server does not have (an older build, a part not switched on) answers a bare
 * NOT_FOUND; a missing device or entry says which. Only the first reads "not available here".
 */
export function isMissingRoute(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 404 &&
    error.code === 'NOT_FOUND' &&
    (error.detail === undefined || error.detail === error.message)
  );
}

/** The console's error message, with "not available on this server" for a route the server lacks. */
export function ContinuityError({ error, id }: { error: unknown; id?: string }) {
  const t = useT();
  if (!isMissingRoute(error)) return <ErrorMessage error={error} {...(id ? { id } : {})} />;
  return (
    <div className="alert alert-error" role="alert" id={id}>
      <p>{t('continuity.unavailable')}</p>
    </div>
  );
}
