import { useState } from 'react';
import { useT } from '../../../i18n/I18nProvider.js';
import type { DetectFilter } from '../types.js';

interface Props {
  filter: DetectFilter;
  busy: boolean;
  onDelete: (filter: DetectFilter) => void;
}

/**
 * Deleting takes two presses, as other destructive buttons in the console do: the first turns the
 * button into "Confirm deletion"; leaving it (or Escape) withdraws the question.
 */
export function DeleteFilterButton({ filter, busy, onDelete }: Props) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const rule = { rule: filter.ruleId };
  return (
    <button
      type="button"
      className={confirming ? 'button-small button-danger' : 'button-small button-secondary'}
      disabled={busy}
      onBlur={() => setConfirming(false)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setConfirming(false);
      }}
      onClick={() => {
        if (!confirming) return setConfirming(true);
        setConfirming(false);
        onDelete(filter);
      }}
    >
      {confirming ? t('detect.filters.confirmDelete') : t('detect.filters.delete')}
      <span className="sr-only">
        {' '}
        {confirming ? t('detect.filters.confirmDeleteOf', rule) : t('detect.filters.deleteOf', rule)}
      </span>
    </button>
  );
}
