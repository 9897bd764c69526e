import type { SelectHTMLAttributes } from 'react';
import { ROLES, type Role } from '../../api/types.js';
import { useT } from '../../i18n/I18nProvider.js';

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  value: Role;
  onChange: (role: Role) => void;
};

export function RoleSelect({ value, onChange, ...rest }: Props) {
  const t = useT();
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`role.${role}`)}
        </option>
      ))}
    </select>
  );
}
