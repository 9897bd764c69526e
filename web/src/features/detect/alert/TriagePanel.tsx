import { ErrorMessage } from '../../../components/ErrorMessage.js';
import { Notice } from '../../../components/Notice.js';
import { useT, type Translate } from '../../../i18n/I18nProvider.js';
import type { AlertDetail } from '../types.js';
import { AssignForm } from './AssignForm.js';
import { CreatedFilter } from './CreatedFilter.js';
import { FalsePositiveForm } from './FalsePositiveForm.js';
import { ReasonForm } from './ReasonForm.js';
import { useTriage, type TriageAction } from './triageApi.js';

function doneText(action: TriageAction, t: Translate): string {
  switch (action.kind) {
    case 'acknowledge':
      return t('detect.triage.done.acknowledge');
    case 'assign':
      return t('detect.triage.done.assign', { assignee: action.assignee });
    case 'close':
      return t('detect.triage.done.close');
    case 'false-positive':
      return t('detect.triage.done.false-positive');
    case 'reopen':
      return t('detect.triage.done.reopen');
  }
}

/** Shown only to roles with detect.triage; the server checks the same permission on every action. */
export function TriagePanel({ alert }: { alert: AlertDetail }) {
  const t = useT();
  const triage = useTriage(alert.id);
  const busy = triage.isPending;
  const closed = alert.status === 'closed';

  return (
    <section className="panel" aria-labelledby="alert-triage-title">
      <h2 id="alert-triage-title">{t('detect.triage.title')}</h2>
      <Notice>{triage.isSuccess ? doneText(triage.variables, t) : null}</Notice>
      <ErrorMessage error={triage.error} />
      {triage.data?.filter && <CreatedFilter filter={triage.data.filter} />}
      {closed ? (
        <button type="button" onClick={() => triage.mutate({ kind: 'reopen' })} disabled={busy}>
          {t('detect.triage.reopen')}
        </button>
      ) : (
        <div className="triage">
          {alert.status === 'new' && (
            <div className="triage-first">
              <button type="button" onClick={() => triage.mutate({ kind: 'acknowledge' })} disabled={busy}>
                {t('detect.triage.acknowledge')}
              </button>
            </div>
          )}
          <AssignForm
            current={alert.assignee}
            busy={busy}
            onAssign={(assignee) => triage.mutate({ kind: 'assign', assignee })}
          />
          <ReasonForm
            label={t('detect.triage.closeReason')}
            submit={t('detect.triage.close')}
            busy={busy}
            onSubmit={(reason) => triage.mutate({ kind: 'close', reason })}
          />
          <FalsePositiveForm
            fieldNames={Object.keys(alert.event.fields).sort()}
            busy={busy}
            onSubmit={(reason, fields) => triage.mutate({ kind: 'false-positive', reason, fields })}
          />
        </div>
      )}
    </section>
  );
}
