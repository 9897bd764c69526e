import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { ROLES, type Role } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Notice } from '../../components/Notice.js';
import { useT } from '../../i18n/I18nProvider.js';

interface Policy {
  requiredRoles: Role[];
}

const policyKey = ['settings', 'mfa-policy'] as const;

function PolicyForm({ initial }: { initial: Role[] }) {
  const t = useT();
  const client = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(initial);
  const save = useMutation({
    mutationFn: (body: Policy) => api.put<Policy>('/api/settings/mfa-policy', body),
    onSuccess: (policy) => {
      client.setQueryData(policyKey, policy);
      // Whether this user must enrol may have changed with the policy.
      void client.invalidateQueries({ queryKey: ['session'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ requiredRoles: ROLES.filter((r) => roles.includes(r)) });
  }

  return (
    <form onSubmit={submit} className="form-grid">
      <ErrorMessage error={save.error} />
      <Notice>{save.isSuccess ? t('policy.saved') : null}</Notice>
      <fieldset className="checkboxes">
        <legend>{t('policy.legend')}</legend>
        {ROLES.map((role) => (
          <label key={role} className="checkbox">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) =>
                setRoles((rs) => (e.target.checked ? [...rs, role] : rs.filter((r) => r !== role)))
              }
            />
            {t(`role.${role}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {t('policy.save')}
        </button>
      </div>
    </form>
  );
}

export function MfaPolicyEditor() {
  const t = useT();
  const policy = useQuery({
    queryKey: policyKey,
    queryFn: () => api.get<Policy>('/api/settings/mfa-policy'),
  });
  return (
    <section className="panel" aria-labelledby="policy-title">
      <h2 id="policy-title">{t('policy.title')}</h2>
      <ErrorMessage error={policy.error} />
      {policy.isPending && <p role="status">{t('common.loading')}</p>}
      {policy.data && <PolicyForm initial={policy.data.requiredRoles} />}
    </section>
  );
}
