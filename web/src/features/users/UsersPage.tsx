import { useState } from 'react';
import { can, useCurrentSession } from '../../api/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Notice } from '../../components/Notice.js';
import { useT } from '../../i18n/I18nProvider.js';
import { CreateUserForm } from './CreateUserForm.js';
import { UserRow } from './UserRow.js';
import { useUsers } from './usersApi.js';

export function UsersPage() {
  const t = useT();
  const session = useCurrentSession();
  const canManage = can(session, 'users.manage');
  const users = useUsers();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  return (
    <>
      <h1>{t('users.title')}</h1>
      {canManage && <CreateUserForm />}
      <section className="panel" aria-labelledby="users-list-title">
        <h2 id="users-list-title">{t('users.list')}</h2>
        <Notice>{notice}</Notice>
        <ErrorMessage error={actionError ?? users.error} />
        {users.isPending && <p role="status">{t('common.loading')}</p>}
        {users.data && users.data.length === 0 && <p>{t('users.empty')}</p>}
        {users.data && users.data.length > 0 && (
          <div className="table-scroll">
            <table aria-labelledby="users-list-title">
              <thead>
                <tr>
                  <th scope="col">{t('users.col.username')}</th>
                  <th scope="col">{t('users.col.name')}</th>
                  <th scope="col">{t('users.col.role')}</th>
                  <th scope="col">{t('users.col.status')}</th>
                  <th scope="col">{t('users.col.mfa')}</th>
                  <th scope="col">{t('users.col.lastLogin')}</th>
                  {canManage && <th scope="col">{t('users.col.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {users.data.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    canManage={canManage}
                    onNotice={(text) => {
                      setActionError(null);
                      setNotice(text);
                    }}
                    onError={(error) => {
                      setNotice(null);
                      setActionError(error);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
