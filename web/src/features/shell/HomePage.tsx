import { Link } from 'react-router';
import { useCurrentSession } from '../../api/session.js';
import { useT } from '../../i18n/I18nProvider.js';
import { useFoundationItems, useModuleItems, type NavItem } from './navItems.js';

function Cards({ items }: { items: NavItem[] }) {
  return (
    <ul className="cards">
      {items.map((item) => (
        <li key={item.id}>
          <Link to={item.path} className="card">
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  const t = useT();
  const { user } = useCurrentSession();
  const modules = useModuleItems();
  const foundation = useFoundationItems();
  return (
    <>
      <h1>{t('home.title', { name: user.displayName || user.username })}</h1>
      <p className="lead">{t('home.intro')}</p>
      {modules.length > 0 && (
        <section aria-labelledby="home-modules">
          <h2 id="home-modules">{t('home.modules')}</h2>
          <Cards items={modules} />
        </section>
      )}
      <section aria-labelledby="home-admin">
        <h2 id="home-admin">{t('home.administration')}</h2>
        <Cards items={foundation} />
      </section>
    </>
  );
}
