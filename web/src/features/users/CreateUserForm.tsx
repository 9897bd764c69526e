import { useId, useState, type FormEvent } from 'react';
import type { Role } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { SecretBox } from '../../components/SecretBox.js';
import { useT } from '../../i18n/I18nProvider.js';
import { RoleSelect } from './RoleSelect.js';
import { useCreateUser, type NewUser } from './usersApi.js';

const empty = { username: '', displayName: '', email: '', password: '', role: 'clinician' as Role };

export function CreateUserForm() {
  const t = useT();
  const roleId = useId();
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<{ username: string; password: string | null } | null>(null);
  const create = useCreateUser();
  const errorId = create.error ? 'create-user-error' : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: NewUser = {
      username: form.username.trim(),
      displayName: form.displayName.trim(),
      role: form.role,
    };
    if (form.email.trim()) body.email = form.email.trim();
    if (form.password) body.password = form.password;
    create.mutate(body, {
      onSuccess: ({ user, initialPassword }) => {
        setCreated({ username: user.username, password: initialPassword ?? null });
        setForm(empty);
      },
    });
  }

  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <section className="panel" aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.create.title')}</h2>
      {created && (
        <div role="status">
          <p className="alert alert-success">{t('users.created', { username: created.username })}</p>
          {created.password && (
            <SecretBox
              title={t('users.initialPassword', { username: created.username })}
              onDismiss={() => setCreated(null)}
            >
              <code className="secret-value" data-testid="initial-password">
                {created.password}
              </code>
            </SecretBox>
          )}
        </div>
      )}
      <form onSubmit={submit} className="form-grid">
        <ErrorMessage error={create.error} id="create-user-error" />
        <Field
          label={t('users.username')}
          required
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={form.username}
          onChange={set('username')}
          errorId={errorId}
        />
        <Field
          label={t('users.displayName')}
          required
          autoComplete="off"
          value={form.displayName}
          onChange={set('displayName')}
          errorId={errorId}
        />
        <Field
          label={`${t('users.email')} (${t('common.optional')})`}
          type="email"
          autoComplete="off"
          value={form.email}
          onChange={set('email')}
          errorId={errorId}
        />
        <div className="field">
          <label htmlFor={roleId}>{t('users.role')}</label>
          <RoleSelect id={roleId} value={form.role} onChange={(role) => setForm((f) => ({ ...f, role }))} />
        </div>
        <Field
          label={`${t('users.password')} (${t('common.optional')})`}
          type="password"
          autoComplete="new-password"
          hint={t('users.passwordHint')}
          value={form.password}
          onChange={set('password')}
          errorId={errorId}
        />
        <div className="form-actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? t('common.saving') : t('users.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
