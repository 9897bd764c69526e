import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider.js';

export function NotFound() {
  const t = useT();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </>
  );
}
