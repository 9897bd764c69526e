import { Link, Outlet } from 'react-router';
import { useT } from '../../i18n/I18nProvider.js';
import { AccountBanner } from './AccountBanner.js';
import { Nav } from './Nav.js';
import { UserMenu } from './UserMenu.js';

export function Layout() {
  const t = useT();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Lifeline <span className="tagline">{t('app.tagline')}</span>
        </Link>
        <UserMenu />
      </header>
      <AccountBanner />
      <div className="body">
        <Nav />
        <main id="main" tabIndex={-1} className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
