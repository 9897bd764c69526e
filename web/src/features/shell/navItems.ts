import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { can, useCurrentSession } from '../../api/session.js';
import type { ConsoleModule } from '../../api/types.js';
import { hasMessage, useT } from '../../i18n/I18nProvider.js';

export interface NavItem {
  id: string;
  path: string;
  label: string;
}

export function useModules() {
  return useQuery({
    queryKey: ['modules'],
    queryFn: async () => (await api.get<{ modules: ConsoleModule[] }>('/api/modules')).modules,
    staleTime: 5 * 60_000,
  });
}

/** The capability modules this user may open, as the server lists them. */
export function useModuleItems(): NavItem[] {
  const t = useT();
  const session = useCurrentSession();
  const { data: modules = [] } = useModules();
  return modules
    .filter((m) => !m.permission || can(session, m.permission))
    .map((m) => {
      const key = `module.${m.id}`;
      return { id: m.id, path: m.path, label: hasMessage(key) ? t(key) : m.id };
    });
}

/** The platform's own pages, each shown only to roles that may use it. */
export function useFoundationItems(): NavItem[] {
  const t = useT();
  const session = useCurrentSession();
  const items: NavItem[] = [];
  if (can(session, 'users.read')) items.push({ id: 'users', path: '/users', label: t('nav.users') });
  if (can(session, 'audit.read')) items.push({ id: 'audit', path: '/audit', label: t('nav.audit') });
  if (can(session, 'tokens.manage')) items.push({ id: 'tokens', path: '/tokens', label: t('nav.tokens') });
  items.push({ id: 'settings', path: '/settings', label: t('nav.settings') });
  return items;
}
