import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field.js';
import { SelectField } from '../../../components/SelectField.js';
import { useT } from '../../../i18n/I18nProvider.js';
import { LEVELS } from '../types.js';
import { noRuleFilter, type RuleFilter } from './ruleFilter.js';

interface Props {
  filter: RuleFilter;
  onApply: (filter: RuleFilter) => void;
}

export function RuleFilterForm({ filter, onApply }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<RuleFilter>(filter);
  const set = (key: Exclude<keyof RuleFilter, 'page'>) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    // A new search starts on its first page.
    onApply({ ...draft, page: 0 });
  }

  return (
    <form className="filters" onSubmit={submit} aria-label={t('detect.rules.filters')}>
      <Field
        label={t('detect.rules.q')}
        type="search"
        value={draft.q}
        onChange={set('q')}
        autoComplete="off"
      />
      <SelectField
        label={t('detect.filter.level')}
        value={draft.level}
        onChange={set('level')}
        options={[
          { value: '', label: t('detect.filter.any') },
          ...LEVELS.map((l) => ({ value: l, label: t(`detect.level.${l}`) })),
        ]}
      />
      <Field
        label={t('detect.rules.product')}
        value={draft.product}
        onChange={set('product')}
        autoComplete="off"
        spellCheck={false}
        placeholder="windows"
      />
      <Field
        label={t('detect.rules.category')}
        value={draft.category}
        onChange={set('category')}
        autoComplete="off"
        spellCheck={false}
        placeholder="process_creation"
      />
      <Field
        label={t('detect.rules.service')}
        value={draft.service}
        onChange={set('service')}
        autoComplete="off"
        spellCheck={false}
        placeholder="security"
      />
      <div className="form-actions">
        <button type="submit">{t('detect.filter.apply')}</button>
        <button type="button" className="button-secondary" onClick={() => onApply(noRuleFilter)}>
          {t('detect.filter.clear')}
        </button>
      </div>
    </form>
  );
}
