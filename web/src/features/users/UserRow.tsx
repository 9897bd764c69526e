import { useState } from 'react';
import type { User } from '../../api/types.js';
import { formatDateTime } from '../../i18n/dates.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { RoleSelect } from './RoleSelect.js';
import { useUpdateUser, useUserAction } from './usersApi.js';

interface Props {
  user: User;
  canManage: boolean;
  onNotice: (text: string) => void;
  onError: (error: unknown) => void;
}

export function UserRow({ user, canManage, onNotice, onError }: Props) {
  const t = useT();
  const { locale } = useLocale();
  const [confirmReset, setConfirmReset] = useState(false);
  const update = useUpdateUser();
  const resetMfa = useUserAction('reset-mfa');
  const unlock = useUserAction('unlock');
  const busy = update.isPending || resetMfa.isPending || unlock.isPending;
  const name = { username: user.username };
  const callbacks = (text: string) => ({ onSuccess: () => onNotice(text), onError });

  const status = user.disabled ? 'disabled' : user.locked ? 'locked' : 'active';
  return (
    <tr>
      <th scope="row">{user.username}</th>
      <td>
        {user.displayName}
        {user.source === 'oidc' && <span className="tag">{t('users.sso')}</span>}
      </td>
      <td>
        {canManage ? (
          <RoleSelect
            aria-label={t('users.roleFor', name)}
            value={user.role}
            disabled={busy}
            onChange={(role) =>
              update.mutate({ id: user.id, change: { role } }, callbacks(t('users.updated', name)))
            }
          />
        ) : (
          t(`role.${user.role}`)
        )}
      </td>
      <td>
        <span className={`badge badge-${status}`}>{t(`users.status.${status}`)}</span>
      </td>
      <td>{user.mfaEnabled ? t('users.mfa.on') : t('users.mfa.off')}</td>
      <td>{user.lastLoginAt ? formatDateTime(user.lastLoginAt, locale) : t('common.never')}</td>
      {canManage && (
        <td>
          <div className="actions">
            <button
              type="button"
              className="button-small button-secondary"
              disabled={busy}
              onClick={() =>
                update.mutate(
                  { id: user.id, change: { disabled: !user.disabled } },
                  callbacks(t('users.updated', name)),
                )
              }
            >
              {user.disabled ? t('users.enable') : t('users.disable')}
              <span className="sr-only"> {user.username}</span>
            </button>
            {user.mfaEnabled && (
              <button
                type="button"
                className={confirmReset ? 'button-small button-danger' : 'button-small button-secondary'}
                disabled={busy}
                onBlur={() => setConfirmReset(false)}
                onClick={() => {
                  if (!confirmReset) return setConfirmReset(true);
                  setConfirmReset(false);
                  resetMfa.mutate(user.id, callbacks(t('users.mfaWasReset', name)));
                }}
              >
                {confirmReset ? t('users.confirmResetMfa') : t('users.resetMfa')}
                <span className="sr-only"> {user.username}</span>
              </button>
            )}
            {user.locked && (
              <button
                type="button"
                className="button-small button-secondary"
                disabled={busy}
                onClick={() => unlock.mutate(user.id, callbacks(t('users.unlocked', name)))}
              >
                {t('users.unlock')}
                <span className="sr-only"> {user.username}</span>
              </button>
            )}
          </div>
        </td>
      )}
    </tr>
  );
}
