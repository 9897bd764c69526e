import { NavLink, Outlet } from 'react-router';
import { can, useCurrentSession } from '../../api/session.js';
import { useT } from '../../i18n/I18nProvider.js';
import '../../styles/detect.css';

/** The detection pages share a section menu; each page brings its own level-one heading. */
export function DetectLayout() {
  const t = useT();
  const session = useCurrentSession();
  return (
    <div className="detect">
      <nav className="subnav" aria-label={t('detect.sections')}>
        <ul>
          <li>
            <NavLink to="/detect" end>
              {t('detect.nav.alerts')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/detect/rules">{t('detect.nav.rules')}</NavLink>
          </li>
          <li>
            <NavLink to="/detect/sources">{t('detect.nav.sources')}</NavLink>
          </li>
          {can(session, 'detect.manage') && (
            <li>
              <NavLink to="/detect/filters">{t('detect.nav.filters')}</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
