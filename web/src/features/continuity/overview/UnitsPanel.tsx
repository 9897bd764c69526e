import { type Column, DataTable } from '../../../components/DataTable.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';

type Unit = { unit: string; patients: number };

/** How many patients each unit's kit covers: counts only, names stay in the kits. */
export function UnitsPanel({ units }: { units: readonly Unit[] }) {
  const t = useT();
  const { locale } = useLocale();
  const columns: Column<Unit>[] = [
    { id: 'unit', header: t('continuity.col.unit'), rowHeader: true, cell: (u) => u.unit },
    {
      id: 'patients',
      header: t('continuity.col.patients'),
      className: 'num',
      cell: (u) => formatCount(u.patients, locale),
    },
  ];
  return (
    <section className="panel" aria-labelledby="continuity-units-title">
      <h2 id="continuity-units-title">{t('continuity.units.title')}</h2>
      {units.length === 0 ? (
        <p>{t('continuity.units.empty')}</p>
      ) : (
        <DataTable
          caption={t('continuity.units.caption')}
          columns={columns}
          rows={units}
          rowKey={(u) => u.unit}
        />
      )}
    </section>
  );
}
