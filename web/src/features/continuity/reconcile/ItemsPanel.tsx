import { useState } from 'react';
import { type Column, DataTable } from '../../../components/DataTable.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { ContinuityError } from '../shared/ContinuityError.js';
import { ITEM_STATUSES, type ReconcileItem } from '../types.js';
import { ItemActions } from './ItemActions.js';
import { ItemStatusBadge, KindLabel, MatchBadge } from './ItemBadges.js';
import { useImports, useItems } from './reconcileApi.js';

/** The review queue: what was documented during downtime, for whom, and where it differs from the EHR. */
export function ItemsPanel() {
  const t = useT();
  const { locale } = useLocale();
  const [status, setStatus] = useState('pending');
  const [importId, setImportId] = useState('');
  const items = useItems({ status, importId });
  const imports = useImports();
  const rows = items.data ?? [];
  const who = (i: ReconcileItem) => i.patient.display ?? t('continuity.review.unknownPatient');

  const columns: Column<ReconcileItem>[] = [
    {
      id: 'patient',
      header: t('continuity.col.patient'),
      rowHeader: true,
      cell: (i) => (
        <>
          <span className="patient-name">{who(i)}</span>
          <span className="patient-ids">
            {i.patient.mrn && <> {t('continuity.review.mrn', { mrn: i.patient.mrn })}</>}
            {i.patient.birthDate && <> {t('continuity.review.born', { date: i.patient.birthDate })}</>}
          </span>{' '}
          <MatchBadge match={i.patient.match} />
        </>
      ),
    },
    {
      id: 'what',
      header: t('continuity.col.documented'),
      className: 'summary',
      cell: (i) => (
        <>
          <KindLabel kind={i.kind} />
          <span className="item-summary">{i.summary}</span>
        </>
      ),
    },
    {
      id: 'recorded',
      header: t('continuity.col.recorded'),
      className: 'nowrap',
      cell: (i) => (
        <>
          {i.recordedAt ? <time dateTime={i.recordedAt}>{formatDateTime(i.recordedAt, locale)}</time> : '—'}
          {i.recordedBy && <span className="by">{i.recordedBy}</span>}
        </>
      ),
    },
    {
      id: 'conflicts',
      header: t('continuity.col.conflicts'),
      cell: (i) =>
        i.conflicts.length === 0 ? (
          t('continuity.review.noConflict')
        ) : (
          <ul className="conflicts">
            {i.conflicts.map((c) => (
              <li key={c.field}>
                <strong>{c.field}</strong>:{' '}
                {t('continuity.review.conflict', { downtime: c.downtime, ehr: c.ehr })}
              </li>
            ))}
          </ul>
        ),
    },
    {
      id: 'status',
      header: t('continuity.col.status'),
      cell: (i) => (
        <>
          <ItemStatusBadge status={i.status} />
          {i.error && <span className="item-error"> {i.error}</span>}
          {i.status === 'rejected' && i.reviewReason && (
            <span className="by">{t('continuity.review.rejectedBecause', { reason: i.reviewReason })}</span>
          )}
        </>
      ),
    },
    {
      id: 'actions',
      header: t('continuity.col.actions'),
      cell: (i) => <ItemActions item={i} who={who(i)} />,
    },
  ];

  return (
    <section className="panel" aria-labelledby="reconcile-items-title">
      <h2 id="reconcile-items-title">{t('continuity.items.title')}</h2>
      <div className="filters filters-inline">
        <SelectField
          label={t('continuity.items.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          options={[
            { value: '', label: t('continuity.items.anyStatus') },
            ...ITEM_STATUSES.map((s) => ({ value: s, label: t(`continuity.item.status.${s}`) })),
          ]}
        />
        <SelectField
          label={t('continuity.items.import')}
          value={importId}
          onChange={(e) => setImportId(e.target.value)}
          options={[
            { value: '', label: t('continuity.items.anyImport') },
            ...(imports.data ?? []).map((i) => ({
              value: i.id,
              label: `${formatDateTime(i.importedAt, locale)} · ${i.importedBy}`,
            })),
          ]}
        />
      </div>
      <QueryState
        query={items}
        errorView={ContinuityError}
        empty={items.data !== undefined && rows.length === 0 && t('continuity.items.empty')}
      />
      {rows.length > 0 && (
        <DataTable
          caption={t('continuity.items.caption')}
          columns={columns}
          rows={rows}
          rowKey={(i) => i.id}
        />
      )}
    </section>
  );
}
