import type { AuditRecord } from '../../api/types.js';
import { formatDateTime } from '../../i18n/dates.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';

function detailText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function AuditTable({ records }: { records: AuditRecord[] }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <div className="table-scroll">
      <table>
        <caption className="sr-only">{t('audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.col.seq')}</th>
            <th scope="col">{t('audit.col.at')}</th>
            <th scope="col">{t('audit.col.actor')}</th>
            <th scope="col">{t('audit.col.action')}</th>
            <th scope="col">{t('audit.col.target')}</th>
            <th scope="col">{t('audit.col.outcome')}</th>
            <th scope="col">{t('audit.col.details')}</th>
            <th scope="col">{t('audit.col.sourceIp')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.seq}>
              <td className="num">{r.seq}</td>
              <td className="nowrap">
                <time dateTime={r.at}>{formatDateTime(r.at, locale)}</time>
              </td>
              <td>{r.actor}</td>
              <td>
                <code>{r.action}</code>
              </td>
              <td>{r.target ?? '—'}</td>
              <td>
                <span className={`badge badge-${r.outcome}`}>{t(`audit.outcome.${r.outcome}`)}</span>
              </td>
              <td className="details">{detailText(r.details)}</td>
              <td>{r.sourceIp ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
