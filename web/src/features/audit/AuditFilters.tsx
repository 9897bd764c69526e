import { useId, useState, type FormEvent } from 'react';
import type { AuditOutcome } from '../../api/types.js';
import { Field } from '../../components/Field.js';
import { useT } from '../../i18n/I18nProvider.js';
import { noFilter, type AuditFilter } from './auditApi.js';

const OUTCOMES: AuditOutcome[] = ['success', 'failure', 'denied'];

export function AuditFilters({ onApply }: { onApply: (filter: AuditFilter) => void }) {
  const t = useT();
  const outcomeId = useId();
  const [draft, setDraft] = useState<AuditFilter>(noFilter);
  const set = (key: keyof AuditFilter) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="filters" onSubmit={submit} aria-label={t('audit.filters')}>
      <Field label={t('audit.actor')} value={draft.actor} onChange={set('actor')} autoComplete="off" />
      <Field
        label={t('audit.action')}
        value={draft.action}
        onChange={set('action')}
        autoComplete="off"
        spellCheck={false}
        placeholder="user."
      />
      <div className="field">
        <label htmlFor={outcomeId}>{t('audit.outcome')}</label>
        <select id={outcomeId} value={draft.outcome} onChange={set('outcome')}>
          <option value="">{t('audit.outcome.any')}</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`audit.outcome.${o}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={t('audit.from')}
        type="date"
        value={draft.from}
        onChange={set('from')}
        max={draft.to || undefined}
      />
      <Field
        label={t('audit.to')}
        type="date"
        value={draft.to}
        onChange={set('to')}
        min={draft.from || undefined}
      />
      <div className="form-actions">
        <button type="submit">{t('audit.apply')}</button>
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setDraft(noFilter);
            onApply(noFilter);
          }}
        >
          {t('audit.clear')}
        </button>
      </div>
    </form>
  );
}
