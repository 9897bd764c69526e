import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field.js';
import { SelectField } from '../../../components/SelectField.js';
import { useT } from '../../../i18n/I18nProvider.js';
import { ALERT_STATUSES, LEVELS } from '../types.js';
import { noAlertFilter, RANGES, type AlertFilter } from './alertFilter.js';

interface Props {
  filter: AlertFilter;
  onApply: (filter: AlertFilter) => void;
}

/** A draft of the filter, applied on submit so the list does not reload on every keystroke. */
export function AlertFilterForm({ filter, onApply }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<AlertFilter>(filter);
  const set = (key: keyof AlertFilter) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const any = { value: '', label: t('detect.filter.any') };

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="filters" onSubmit={submit} aria-label={t('detect.alerts.filters')}>
      <SelectField
        label={t('detect.filter.status')}
        value={draft.status}
        onChange={set('status')}
        options={[any, ...ALERT_STATUSES.map((s) => ({ value: s, label: t(`detect.status.${s}`) }))]}
      />
      <SelectField
        label={t('detect.filter.level')}
        value={draft.level}
        onChange={set('level')}
        options={[any, ...LEVELS.map((l) => ({ value: l, label: t(`detect.level.${l}`) }))]}
      />
      <Field
        label={t('detect.filter.q')}
        type="search"
        value={draft.q}
        onChange={set('q')}
        autoComplete="off"
      />
      <Field
        label={t('detect.filter.assignee')}
        value={draft.assignee}
        onChange={set('assignee')}
        autoComplete="off"
        spellCheck={false}
      />
      <Field
        label={t('detect.filter.rule')}
        value={draft.rule}
        onChange={set('rule')}
        autoComplete="off"
        spellCheck={false}
      />
      <SelectField
        label={t('detect.filter.range')}
        value={draft.range}
        onChange={set('range')}
        options={RANGES.map((r) => ({ value: r, label: t(`detect.range.${r}`) }))}
      />
      {draft.range === 'custom' && (
        <>
          <Field
            label={t('detect.filter.from')}
            type="date"
            value={draft.from}
            onChange={set('from')}
            max={draft.to || undefined}
          />
          <Field
            label={t('detect.filter.to')}
            type="date"
            value={draft.to}
            onChange={set('to')}
            min={draft.from || undefined}
          />
        </>
      )}
      <div className="form-actions">
        <button type="submit">{t('detect.filter.apply')}</button>
        <button type="button" className="button-secondary" onClick={() => onApply(noAlertFilter)}>
          {t('detect.filter.clear')}
        </button>
      </div>
    </form>
  );
}
