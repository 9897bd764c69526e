import { useState } from 'react';
import { useT } from '../../../i18n/I18nProvider.js';
import { ReasonForm } from './ReasonForm.js';

interface Props {
  fieldNames: readonly string[];
  busy: boolean;
  onSubmit: (reason: string, fields: string[]) => void;
}

/** Closes the alert as a false positive and has the server filter out events like this one. */
export function FalsePositiveForm({ fieldNames, busy, onSubmit }: Props) {
  const t = useT();
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (name: string, on: boolean) =>
    setChosen((list) => (on ? [...list, name] : list.filter((n) => n !== name)));

  return (
    <ReasonForm
      label={t('detect.triage.fpReason')}
      submit={t('detect.triage.falsePositive')}
      busy={busy}
      onSubmit={(reason) =>
        onSubmit(
          reason,
          fieldNames.filter((name) => chosen.includes(name)),
        )
      }
    >
      {fieldNames.length > 0 && (
        <fieldset className="field-choice" aria-describedby="fp-fields-hint">
          <legend>{t('detect.triage.fpFields')}</legend>
          <p className="hint" id="fp-fields-hint">
            {t('detect.triage.fpFieldsHint')}
          </p>
          <div className="checkboxes">
            {fieldNames.map((name) => (
              <label key={name} className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.includes(name)}
                  onChange={(e) => toggle(name, e.target.checked)}
                />
                <code>{name}</code>
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </ReasonForm>
  );
}
