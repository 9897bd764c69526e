import { useT } from '../../../i18n/I18nProvider.js';
import { attackRef } from './attack.js';

/** ATT&CK tags as links to their MITRE pages; a tag ATT&CK does not know stays plain text. */
export function AttackTags({ tags }: { tags: readonly string[] }) {
  const t = useT();
  if (tags.length === 0) return <>—</>;
  return (
    <ul className="tag-list">
      {tags.map((tag) => {
        const ref = attackRef(tag);
        return (
          <li key={tag} className="tag">
            {ref.url ? (
              <a href={ref.url} target="_blank" rel="noreferrer">
                {ref.label}
                <span className="sr-only"> {t('detect.newTab')}</span>
              </a>
            ) : (
              ref.label
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function PlainTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <>—</>;
  return (
    <ul className="tag-list">
      {tags.map((tag) => (
        <li key={tag} className="tag">
          {tag}
        </li>
      ))}
    </ul>
  );
}
