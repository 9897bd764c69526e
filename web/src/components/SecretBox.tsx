import { useId, type ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  title: string;
  onDismiss: () => void;
  children: ReactNode;
}

/** A secret the server hands out once (initial password, token, recovery codes). */
export function SecretBox({ title, onDismiss, children }: Props) {
  const t = useT();
  const headingId = useId();
  return (
    <section className="secret" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <p className="hint">{t('common.showOnce')}</p>
      {children}
      <button type="button" className="button-secondary" onClick={onDismiss}>
        {t('common.dismiss')}
      </button>
    </section>
  );
}
