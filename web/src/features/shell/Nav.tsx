import { NavLink } from 'react-router';
import { useT } from '../../i18n/I18nProvider.js';
import { useFoundationItems, useModuleItems, type NavItem } from './navItems.js';

function NavList({ items, labelledBy }: { items: NavItem[]; labelledBy?: string }) {
  return (
    <ul aria-labelledby={labelledBy}>
      {items.map((item) => (
        <li key={item.id}>
          <NavLink to={item.path} end={item.path === '/'}>
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

export function Nav() {
  const t = useT();
  const modules = useModuleItems();
  const foundation = useFoundationItems();
  return (
    <nav className="sidebar" aria-label={t('shell.nav')}>
      <NavList items={[{ id: 'home', path: '/', label: t('nav.home') }]} />
      {modules.length > 0 && (
        <>
          <h2 className="nav-heading" id="nav-modules">
            {t('home.modules')}
          </h2>
          <NavList items={modules} labelledBy="nav-modules" />
        </>
      )}
      <h2 className="nav-heading" id="nav-admin">
        {t('home.administration')}
      </h2>
      <NavList items={foundation} labelledBy="nav-admin" />
    </nav>
  );
}
