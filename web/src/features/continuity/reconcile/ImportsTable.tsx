import { type Column, DataTable } from '../../../components/DataTable.js';
import { QueryState } from '../../../components/QueryState.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { ContinuityError } from '../shared/ContinuityError.js';
import { formatCount } from '../shared/format.js';
import { useScopeName } from '../shared/scopeName.js';
import type { ReconcileImport } from '../types.js';
import { useImports } from './reconcileApi.js';

/** Every documentation export received: whose key signed it, and what it brought. */
export function ImportsTable() {
  const t = useT();
  const { locale } = useLocale();
  const scopeName = useScopeName();
  const imports = useImports();
  const rows = imports.data ?? [];
  const count = (id: 'items' | 'duplicates' | 'openings'): Column<ReconcileImport> => ({
    id,
    header: t(`continuity.col.${id}`),
    className: 'num',
    cell: (i) => formatCount(i[id], locale),
  });
  const columns: Column<ReconcileImport>[] = [
    {
      id: 'importedAt',
      header: t('continuity.col.importedAt'),
      rowHeader: true,
      className: 'nowrap',
      cell: (i) => <time dateTime={i.importedAt}>{formatDateTime(i.importedAt, locale)}</time>,
    },
    { id: 'scope', header: t('continuity.col.scope'), cell: (i) => (i.scope ? scopeName(i.scope) : '—') },
    { id: 'by', header: t('continuity.col.importedBy'), cell: (i) => i.importedBy },
    {
      id: 'export',
      header: t('continuity.col.export'),
      cell: (i) => <code className="address">{i.exportId}</code>,
    },
    {
      id: 'key',
      header: t('continuity.col.signedWith'),
      cell: (i) => <code className="address">{i.keyId}</code>,
    },
    count('items'),
    count('duplicates'),
    count('openings'),
    {
      id: 'unreadable',
      header: t('continuity.col.unreadable'),
      className: 'num',
      cell: (i) => formatCount(i.rejected?.length ?? 0, locale),
    },
  ];
  return (
    <section className="panel" aria-labelledby="reconcile-imports-title">
      <h2 id="reconcile-imports-title">{t('continuity.imports.title')}</h2>
      <QueryState
        query={imports}
        errorView={ContinuityError}
        empty={imports.data !== undefined && rows.length === 0 && t('continuity.imports.empty')}
      />
      {rows.length > 0 && (
        <DataTable
          caption={t('continuity.imports.caption')}
          columns={columns}
          rows={rows}
          rowKey={(i) => i.id}
        />
      )}
    </section>
  );
}
