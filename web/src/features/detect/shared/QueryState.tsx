import { ErrorMessage } from '../../../components/ErrorMessage.js';
import { useT } from '../../../i18n/I18nProvider.js';

interface Props {
  query: { error: unknown; isPending: boolean };
  /** Shown when the answer arrived and holds nothing. */
  empty?: string | false;
}

/** What every panel shows before its data: the error, a loading status, or that there is nothing. */
export function QueryState({ query, empty = false }: Props) {
  const t = useT();
  return (
    <>
      <ErrorMessage error={query.error} />
      {query.isPending && !query.error && <p role="status">{t('common.loading')}</p>}
      {empty && <p>{empty}</p>}
    </>
  );
}
