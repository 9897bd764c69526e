import { toLocalInput } from '../clinical/format.js';
import { checkMedication, checkNote, checkVitals, type EntryContext } from '../documentation/inputs.js';
import { newUuid } from '../documentation/uuid.js';
import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { h } from './dom.js';
import { documentationForm, field, input, value } from './form-kit.js';
import type { MedicationPreset } from './navigator.js';
import { displayName } from './patient-labels.js';
import type { Chart } from './session.js';

function saved(context: ViewerContext): void {
  context.back();
  context.announce(t.saved);
}

function entryContext(context: ViewerContext): EntryContext {
  return { by: context.session.user, now: context.now(), newUuid };
}

function timeField(context: ViewerContext): HTMLElement {
  return field(
    t.time,
    input('at', { type: 'datetime-local', value: toLocalInput(context.now()), required: true }),
  );
}

const numberInput = (name: string) => input(name, { inputmode: 'decimal', autocomplete: 'off', size: '6' });

export function vitalsForm(context: ViewerContext, chart: Chart): HTMLElement {
  return documentationForm(
    context,
    t.recordVitals,
    displayName(chart),
    [
      timeField(context),
      field(t.heartRate, numberInput('heart-rate')),
      h(
        'div',
        { class: 'pair' },
        field(t.systolic, numberInput('systolic')),
        field(t.diastolic, numberInput('diastolic')),
      ),
      field(t.temperature, numberInput('temperature')),
      field(t.respiratoryRate, numberInput('respiratory-rate')),
      field(t.spo2, numberInput('spo2')),
    ],
    (form, showProblems) => {
      const names = [
        'heart-rate',
        'systolic',
        'diastolic',
        'temperature',
        'respiratory-rate',
        'spo2',
      ] as const;
      const values = Object.fromEntries(names.map((name) => [name, value(form, name)]));
      const checked = checkVitals({ at: value(form, 'at'), values }, chart.subject, entryContext(context));
      if (!checked.ok) return showProblems(checked.problems);
      return context
        .document(() => context.session.store.add(checked.entry))
        .then((ok) => {
          if (ok) saved(context);
        });
    },
  );
}

export function noteForm(context: ViewerContext, chart: Chart): HTMLElement {
  return documentationForm(
    context,
    t.recordNote,
    displayName(chart),
    [timeField(context), field(t.note, h('textarea', { name: 'text', rows: 8, cols: 60 }))],
    (form, showProblems) => {
      const checked = checkNote(
        { at: value(form, 'at'), text: value(form, 'text') },
        chart.subject,
        entryContext(context),
      );
      if (!checked.ok) return showProblems(checked.problems);
      return context
        .document(() => context.session.store.add(checked.entry))
        .then((ok) => {
          if (ok) saved(context);
        });
    },
  );
}

function outcomeChoice(given: boolean): HTMLElement {
  const radio = (checked: boolean, label: string, id: string) =>
    h(
      'label',
      { for: id },
      h('input', { type: 'radio', name: 'given', id, value: String(checked), checked: checked === given }),
      ` ${label}`,
    );
  return h(
    'fieldset',
    {},
    h('legend', {}, t.outcome),
    radio(true, t.markGiven, 'outcome-given'),
    ' ',
    radio(false, t.markNotGiven, 'outcome-not-given'),
  );
}

export function medicationForm(
  context: ViewerContext,
  chart: Chart,
  preset: MedicationPreset | null,
): HTMLElement {
  const fromOrder = preset !== null;
  return documentationForm(
    context,
    preset?.given === false
      ? `${t.markNotGiven}: ${preset.medication.text}`
      : fromOrder
        ? `${t.markGiven}: ${preset.medication.text}`
        : t.recordOtherMedication,
    displayName(chart),
    [
      fromOrder ? null : field(t.medication, input('medication', { autocomplete: 'off' })),
      outcomeChoice(preset?.given ?? true),
      timeField(context),
      field(t.dose, input('dosage', { value: preset?.dose ?? '', autocomplete: 'off' })),
      field(t.reason, input('reason', { autocomplete: 'off' })),
    ],
    (form, showProblems) => {
      const given = form.querySelector<HTMLInputElement>('input[name="given"]:checked')?.value !== 'false';
      const checked = checkMedication(
        {
          at: value(form, 'at'),
          given,
          medication: preset?.medication ?? { text: value(form, 'medication') },
          orderId: preset?.orderId ?? null,
          plannedAt: preset?.plannedAt ?? null,
          dosage: value(form, 'dosage'),
          reason: value(form, 'reason'),
        },
        chart.subject,
        entryContext(context),
      );
      if (!checked.ok) return showProblems(checked.problems);
      return context
        .document(() => context.session.store.add(checked.entry))
        .then((ok) => {
          if (ok) saved(context);
        });
    },
  );
}
