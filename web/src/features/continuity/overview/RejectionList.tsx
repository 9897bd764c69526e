import { useT } from '../../../i18n/I18nProvider.js';
import type { Rejection } from '../types.js';

/**
 * Why resources of the last sync were refused, folded away until asked for. The server keeps the
 * first few with position, type, id and reason: enough to find them in the source, no patient data.
 */
export function RejectionList({ count, rejections }: { count: number; rejections: readonly Rejection[] }) {
  const t = useT();
  if (count === 0) return <>0</>;
  if (rejections.length === 0) return <>{count}</>;
  return (
    <details className="rejections">
      <summary>
        {count}
        <span className="sr-only"> {t('continuity.sources.showReasons')}</span>
      </summary>
      <ul>
        {rejections.map((rejection) => (
          <li key={`${rejection.position}:${rejection.reason}`}>
            <span className="position">{rejection.position}</span>
            {rejection.resourceType && (
              <code>
                {' '}
                {rejection.resourceType}
                {rejection.id ? `/${rejection.id}` : ''}
              </code>
            )}
            : {rejection.reason}
          </li>
        ))}
      </ul>
      {rejections.length < count && (
        <p className="hint">{t('continuity.sources.moreRejections', { shown: rejections.length })}</p>
      )}
    </details>
  );
}
