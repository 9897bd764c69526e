import { useState } from 'react';
import { ContinuityError } from '../shared/ContinuityError.js';
import { TextAreaField } from '../../../components/TextAreaField.js';
import { useT } from '../../../i18n/I18nProvider.js';
import { ConfirmDialog } from '../shared/ConfirmDialog.js';
import { useSetDowntime } from './overviewApi.js';

/**
 * Switching downtime mode asks first: switching it on freezes every kit on its last verified data,
 * so a reason is required; switching it off resumes building and the reason is optional.
 */
export function DowntimeSwitch({ active }: { active: boolean }) {
  const t = useT();
  const change = useSetDowntime();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const turningOn = !active;

  function close() {
    setOpen(false);
    setMissing(false);
    change.reset();
  }

  function confirm() {
    const text = reason.trim();
    if (turningOn && !text) return setMissing(true);
    change.mutate(
      { active: turningOn, reason: text },
      {
        onSuccess: () => {
          setReason('');
          close();
        },
      },
    );
  }

  return (
    <>
      <button
        type="button"
        className={turningOn ? 'button-danger' : 'button-secondary'}
        onClick={() => setOpen(true)}
      >
        {turningOn ? t('continuity.downtime.start') : t('continuity.downtime.end')}
      </button>
      <ConfirmDialog
        open={open}
        title={turningOn ? t('continuity.downtime.startTitle') : t('continuity.downtime.endTitle')}
        confirm={turningOn ? t('continuity.downtime.startConfirm') : t('continuity.downtime.endConfirm')}
        danger={turningOn}
        busy={change.isPending}
        onConfirm={confirm}
        onClose={close}
      >
        <p>{turningOn ? t('continuity.downtime.startExplain') : t('continuity.downtime.endExplain')}</p>
        <ContinuityError error={change.error} />
        <TextAreaField
          label={
            turningOn
              ? t('continuity.downtime.reasonLabel')
              : `${t('continuity.downtime.reasonLabel')} (${t('common.optional')})`
          }
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          rows={3}
          maxLength={500}
          aria-required={turningOn}
          error={missing ? t('continuity.downtime.reasonRequired') : null}
        />
      </ConfirmDialog>
    </>
  );
}
