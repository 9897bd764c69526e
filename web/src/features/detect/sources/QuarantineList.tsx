import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';
import type { QuarantineEntry } from '../types.js';
import { useQuarantine } from './sourcesApi.js';

const PREVIEW_CHARS = 160;

function LinePreview({ line }: { line: string }) {
  const t = useT();
  if (line.length <= PREVIEW_CHARS) return <code className="line">{line}</code>;
  return (
    <details>
      <summary>
        <code className="line">{line.slice(0, PREVIEW_CHARS)}…</code>
        <span className="sr-only"> {t('detect.quarantine.full')}</span>
      </summary>
      <pre className="raw">{line}</pre>
    </details>
  );
}

/** Lines ingest could not read as events: kept (cut to 2 KiB) so nothing is lost without a trace. */
export function QuarantineList({ sourceNames }: { sourceNames: readonly string[] }) {
  const t = useT();
  const { locale } = useLocale();
  const [source, setSource] = useState('');
  const quarantine = useQuarantine(source);
  const data = quarantine.data;
  const columns: Column<QuarantineEntry>[] = [
    {
      id: 'receivedAt',
      header: t('detect.col.receivedAt'),
      rowHeader: true,
      className: 'nowrap',
      cell: (e) => <time dateTime={e.receivedAt}>{formatDateTime(e.receivedAt, locale)}</time>,
    },
    { id: 'source', header: t('detect.col.name'), className: 'nowrap', cell: (e) => e.source },
    { id: 'reason', header: t('detect.col.reason'), className: 'reason', cell: (e) => e.reason },
    {
      id: 'line',
      header: t('detect.col.content'),
      className: 'value',
      cell: (e) => <LinePreview line={e.line} />,
    },
  ];
  const names = source && !sourceNames.includes(source) ? [...sourceNames, source] : sourceNames;

  return (
    <section className="panel" aria-labelledby="detect-quarantine-title">
      <h2 id="detect-quarantine-title">{t('detect.quarantine.title')}</h2>
      <p className="hint">{t('detect.quarantine.intro')}</p>
      <div className="filters filters-inline">
        <SelectField
          label={t('detect.quarantine.source')}
          value={source}
          onChange={(e) => setSource(e.target.value)}
          options={[
            { value: '', label: t('detect.quarantine.allSources') },
            ...names.map((name) => ({ value: name, label: name })),
          ]}
        />
      </div>
      <QueryState
        query={quarantine}
        empty={data !== undefined && data.entries.length === 0 && t('detect.quarantine.empty')}
      />
      {data && data.entries.length > 0 && (
        <>
          <p className="hint" aria-live="polite">
            {t('detect.quarantine.shown', {
              shown: formatCount(data.entries.length, locale),
              total: formatCount(data.total, locale),
            })}
          </p>
          <DataTable
            caption={t('detect.quarantine.caption')}
            columns={columns}
            rows={data.entries}
            rowKey={(e) => e.id}
          />
        </>
      )}
    </section>
  );
}
