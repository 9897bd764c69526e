import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useT } from '../../i18n/I18nProvider.js';
import { AuditFilters } from './AuditFilters.js';
import { AuditTable } from './AuditTable.js';
import { noFilter, PAGE_SIZE, useAuditRecords, type AuditFilter } from './auditApi.js';
import { VerifyChain } from './VerifyChain.js';

export function AuditPage() {
  const t = useT();
  const [filter, setFilter] = useState<AuditFilter>(noFilter);
  // The beforeSeq of every page paged back to; empty means the newest page.
  const [cursors, setCursors] = useState<number[]>([]);
  const beforeSeq = cursors.at(-1);
  const audit = useAuditRecords(filter, beforeSeq);
  const records = audit.data ?? [];
  const oldest = records.at(-1)?.seq;

  return (
    <>
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <VerifyChain />
      </div>
      <AuditFilters
        onApply={(next) => {
          setFilter(next);
          setCursors([]);
        }}
      />
      <ErrorMessage error={audit.error} />
      {audit.isPending && <p role="status">{t('common.loading')}</p>}
      {audit.data && records.length === 0 && <p>{t('audit.empty')}</p>}
      {records.length > 0 && <AuditTable records={records} />}
      <div className="pager">
        {cursors.length > 0 && (
          <button type="button" className="button-secondary" onClick={() => setCursors([])}>
            {t('audit.newest')}
          </button>
        )}
        {records.length >= PAGE_SIZE && oldest !== undefined && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => setCursors((c) => [...c, oldest])}
          >
            {t('audit.older')}
          </button>
        )}
      </div>
    </>
  );
}
