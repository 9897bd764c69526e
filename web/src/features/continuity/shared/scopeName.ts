import { useT } from '../../../i18n/I18nProvider.js';

/** "unit:ICU" reads "Unit ICU", "site" reads "Whole site"; anything else as sent. */
export function useScopeName(): (scope: string) => string {
  const t = useT();
  return (scope) => {
    if (scope === 'site') return t('continuity.scope.site');
    if (scope.startsWith('unit:')) return t('continuity.scope.unit', { unit: scope.slice('unit:'.length) });
    return scope;
  };
}
