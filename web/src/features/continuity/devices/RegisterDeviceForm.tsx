import { useState, type FormEvent } from 'react';
import { ContinuityError } from '../shared/ContinuityError.js';
import { Field } from '../../../components/Field.js';
import { SelectField } from '../../../components/SelectField.js';
import { useT } from '../../../i18n/I18nProvider.js';
import { useOverview } from '../overview/overviewApi.js';
import { useScopeName } from '../shared/scopeName.js';
import { useRegisterDevice } from './devicesApi.js';
import { KeyFileBox } from './KeyFileBox.js';

const DEVICE_ID = '[A-Za-z0-9._\\-]{1,128}';

/** Registers a downtime device for one scope; the server answers its key file, shown here once. */
export function RegisterDeviceForm() {
  const t = useT();
  const scopeName = useScopeName();
  const overview = useOverview();
  const register = useRegisterDevice();
  const [deviceId, setDeviceId] = useState('');
  const [name, setName] = useState('');
  const [scope, setScope] = useState('');
  const [issued, setIssued] = useState<{ deviceId: string; name: string; keyFile: string } | null>(null);
  const scopes = overview.data?.scopes.map((s) => s.scope) ?? [];
  const chosen = scope || scopes[0] || '';
  const errorId = register.error ? 'register-device-error' : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    register.mutate(
      { deviceId: deviceId.trim(), name: name.trim(), scope: chosen },
      {
        onSuccess: ({ device, keyFile }) => {
          setIssued({ deviceId: device.deviceId, name: device.name, keyFile });
          setDeviceId('');
          setName('');
        },
      },
    );
  }

  return (
    <section className="panel" aria-labelledby="register-device-title">
      <h2 id="register-device-title">{t('continuity.register.title')}</h2>
      {issued && <KeyFileBox {...issued} onDismiss={() => setIssued(null)} />}
      <form onSubmit={submit} className="form-grid">
        <ContinuityError error={register.error} id="register-device-error" />
        <Field
          label={t('continuity.register.deviceId')}
          hint={t('continuity.register.deviceIdHint')}
          required
          pattern={DEVICE_ID}
          maxLength={128}
          autoComplete="off"
          spellCheck={false}
          value={deviceId}
          onChange={(e) => setDeviceId(e.target.value)}
          errorId={errorId}
        />
        <Field
          label={t('continuity.register.name')}
          hint={t('continuity.register.nameHint')}
          required
          maxLength={120}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          errorId={errorId}
        />
        {scopes.length > 0 ? (
          <SelectField
            label={t('continuity.register.scope')}
            value={chosen}
            onChange={(e) => setScope(e.target.value)}
            options={scopes.map((s) => ({ value: s, label: scopeName(s) }))}
          />
        ) : (
          <p className="hint">{t('continuity.register.noScopes')}</p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={register.isPending || !chosen}>
            {register.isPending ? t('common.saving') : t('continuity.register.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
