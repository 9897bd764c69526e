import { Notice } from '../../../components/Notice.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';
import { useScopeName } from '../shared/scopeName.js';
import type { BuildOutcome } from '../types.js';

/** What "build now" did: a new kit, or why none was made (downtime freeze, no change, nobody to read it). */
export function BuildNotice({ scope, outcomes }: { scope: string; outcomes: readonly BuildOutcome[] }) {
  const t = useT();
  const { locale } = useLocale();
  const scopeName = useScopeName();
  const outcome = outcomes[0];
  if (!outcome) return null;
  if ('built' in outcome) {
    return (
      <Notice>
        {t('continuity.kits.built', {
          scope: scopeName(scope),
          patients: formatCount(outcome.built.patients, locale),
        })}
      </Notice>
    );
  }
  return (
    <p className="alert alert-warning" role="status">
      {t('continuity.kits.notBuilt', { scope: scopeName(scope) })}{' '}
      {t(`continuity.kits.skipped.${outcome.skipped}`)}
    </p>
  );
}
