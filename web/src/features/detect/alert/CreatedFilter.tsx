import { useT } from '../../../i18n/I18nProvider.js';
import type { DetectFilter } from '../types.js';

/** What the false positive changed: the rule now skips events whose fields equal these values. */
export function CreatedFilter({ filter }: { filter: DetectFilter }) {
  const t = useT();
  return (
    <section className="created-filter" aria-labelledby="created-filter-title">
      <h3 id="created-filter-title">{t('detect.filterCreated.title')}</h3>
      <p>{t('detect.filterCreated.body')}</p>
      <ul>
        {Object.entries(filter.fields).map(([field, value]) => (
          <li key={field}>
            <code>{field}</code> = <code>{value}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
