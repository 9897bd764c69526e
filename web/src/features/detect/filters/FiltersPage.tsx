import { Link } from 'react-router';
import { ConfirmButton } from '../../../components/ConfirmButton.js';
import { DataTable, type Column } from '../../../components/DataTable.js';
import { ErrorMessage } from '../../../components/ErrorMessage.js';
import { Notice } from '../../../components/Notice.js';
import { QueryState } from '../../../components/QueryState.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { rulePath } from '../shared/paths.js';
import type { DetectFilter } from '../types.js';
import { useDeleteFilter, useFilters } from './filtersApi.js';

/** The false-positive filters analysts created from alerts; deleting one lets its rule raise again. */
export function FiltersPage() {
  const t = useT();
  const { locale } = useLocale();
  const filters = useFilters();
  const remove = useDeleteFilter();
  const rows = filters.data ?? [];
  const columns: Column<DetectFilter>[] = [
    {
      id: 'rule',
      header: t('detect.col.rule'),
      rowHeader: true,
      className: 'nowrap',
      cell: (f) => (
        <Link to={rulePath(f.ruleId)}>
          <code>{f.ruleId}</code>
        </Link>
      ),
    },
    {
      id: 'fields',
      header: t('detect.filters.col.fields'),
      cell: (f) => (
        <ul className="plain-list">
          {Object.entries(f.fields).map(([field, value]) => (
            <li key={field}>
              <code>
                {field}={value}
              </code>
            </li>
          ))}
        </ul>
      ),
    },
    { id: 'reason', header: t('detect.col.reason'), className: 'reason', cell: (f) => f.reason },
    { id: 'createdBy', header: t('detect.filters.col.createdBy'), cell: (f) => f.createdBy },
    {
      id: 'createdAt',
      header: t('detect.filters.col.createdAt'),
      className: 'nowrap',
      cell: (f) => <time dateTime={f.createdAt}>{formatDateTime(f.createdAt, locale)}</time>,
    },
    {
      id: 'actions',
      header: t('detect.filters.col.actions'),
      cell: (f) => (
        <ConfirmButton
          label={t('detect.filters.delete')}
          confirmLabel={t('detect.filters.confirmDelete')}
          subject={t('detect.filters.deleteOf', { rule: f.ruleId })}
          confirmSubject={t('detect.filters.confirmDeleteOf', { rule: f.ruleId })}
          busy={remove.isPending}
          onConfirm={() => remove.mutate(f)}
        />
      ),
    },
  ];

  return (
    <>
      <h1>{t('detect.filters.title')}</h1>
      <p className="lead">{t('detect.filters.intro')}</p>
      <Notice>
        {remove.isSuccess ? t('detect.filters.deleted', { rule: remove.variables.ruleId }) : null}
      </Notice>
      <ErrorMessage error={remove.error} />
      <QueryState
        query={filters}
        empty={filters.data !== undefined && rows.length === 0 && t('detect.filters.empty')}
      />
      {rows.length > 0 && (
        <DataTable caption={t('detect.filters.caption')} columns={columns} rows={rows} rowKey={(f) => f.id} />
      )}
    </>
  );
}
