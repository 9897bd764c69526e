import { DataTable, type Column } from '../../../components/DataTable.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { fieldText } from '../shared/format.js';
import type { AlertEvent } from '../types.js';

type FieldRow = [name: string, value: unknown];

/** The event that raised the alert: its fields for reading, its original text for evidence. */
export function EventEvidence({ event }: { event: AlertEvent }) {
  const t = useT();
  const { locale } = useLocale();
  const fields = Object.entries(event.fields).sort(([a], [b]) => a.localeCompare(b));
  const columns: Column<FieldRow>[] = [
    { id: 'field', header: t('detect.event.field'), rowHeader: true, cell: ([name]) => <code>{name}</code> },
    {
      id: 'value',
      header: t('detect.event.value'),
      className: 'value',
      cell: ([, value]) => fieldText(value),
    },
  ];
  return (
    <section className="panel" aria-labelledby="alert-event-title">
      <h2 id="alert-event-title">{t('detect.event.title')}</h2>
      <dl className="facts">
        <dt>{t('detect.event.receivedAt')}</dt>
        <dd>
          <time dateTime={event.receivedAt}>{formatDateTime(event.receivedAt, locale)}</time>
        </dd>
        {event.time && (
          <>
            <dt>{t('detect.event.time')}</dt>
            <dd>
              <time dateTime={event.time}>{formatDateTime(event.time, locale)}</time>
            </dd>
          </>
        )}
      </dl>
      <h3>{t('detect.event.fields')}</h3>
      {fields.length === 0 ? (
        <p>{t('detect.event.noFields')}</p>
      ) : (
        <DataTable
          caption={t('detect.event.fieldsCaption')}
          columns={columns}
          rows={fields}
          rowKey={([name]) => name}
        />
      )}
      <h3 id="alert-raw-title">{t('detect.event.raw')}</h3>
      {/* Focusable so a keyboard user can scroll a long line. */}
      <pre className="raw" tabIndex={0} aria-labelledby="alert-raw-title">
        {event.raw}
      </pre>
    </section>
  );
}
