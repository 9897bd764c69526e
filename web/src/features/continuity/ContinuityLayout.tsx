import { NavLink, Outlet } from 'react-router';
import { can, useCurrentSession } from '../../api/session.js';
import { useT } from '../../i18n/I18nProvider.js';
import { DowntimeBanner } from './overview/DowntimeBanner.js';
import './continuity.css';

/**
 * The continuity pages share a section menu and the downtime banner, so nobody works on these pages
 * without seeing that kit building is frozen. Each page brings its own level-one heading.
 */
export function ContinuityLayout() {
  const t = useT();
  const session = useCurrentSession();
  return (
    <div className="continuity">
      <nav className="subnav" aria-label={t('continuity.sections')}>
        <ul>
          <li>
            <NavLink to="/continuity" end>
              {t('continuity.nav.overview')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/continuity/devices">{t('continuity.nav.devices')}</NavLink>
          </li>
          {can(session, 'continuity.reconcile') && (
            <li>
              <NavLink to="/continuity/reconcile">{t('continuity.nav.reconcile')}</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <DowntimeBanner />
      <Outlet />
    </div>
  );
}
