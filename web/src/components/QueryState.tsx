import type { ComponentType } from 'react';
import { useT } from '../i18n/I18nProvider.js';
import { ErrorMessage } from './ErrorMessage.js';

interface Props {
  query: { error: unknown; isPending: boolean };
  /** Shown when the answer arrived and holds nothing. */
  empty?: string | false;
  /** Renders the error; a feature passes its own when it words some errors differently. */
  errorView?: ComponentType<{ error: unknown }>;
}

/** What every panel shows before its data: the error, a loading status, or that there is nothing. */
export function QueryState({ query, empty = false, errorView: ErrorView = ErrorMessage }: Props) {
  const t = useT();
  return (
    <>
      <ErrorView error={query.error} />
      {query.isPending && !query.error && <p role="status">{t('common.loading')}</p>}
      {empty && <p>{empty}</p>}
    </>
  );
}
