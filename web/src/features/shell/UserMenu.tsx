import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { endSessionByUser, useCurrentSession } from '../../api/session.js';
import { useT } from '../../i18n/I18nProvider.js';

/** A disclosure (not an ARIA menu): plain links and buttons, reachable with Tab. */
export function UserMenu() {
  const t = useT();
  const { user } = useCurrentSession();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    }
    function onClick(e: MouseEvent) {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    }
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const signOut = useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    // Whatever the server answered, this tab forgets the session and everything it loaded; the
    // route guard then shows the login page.
    onSettled: () => endSessionByUser(client),
  });

  return (
    <div className="user-menu" ref={root}>
      <button
        type="button"
        ref={toggle}
        className="user-menu-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="sr-only">{t('shell.accountMenu')}: </span>
        <span className="user-name">{user.displayName || user.username}</span>
        <span className="user-role">{t(`role.${user.role}`)}</span>
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <Link to="/settings" onClick={() => setOpen(false)}>
          {t('nav.settings')}
        </Link>
        <button
          type="button"
          className="button-link"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          {t('shell.signOut')}
        </button>
      </div>
    </div>
  );
}
