import type { KitLocation } from '../../types.js';
import { toLocalInput } from '../clinical/format.js';
import { checkAdmission } from '../documentation/inputs.js';
import { subjectKey, type AdmissionEntry } from '../documentation/entries.js';
import { newUuid } from '../documentation/uuid.js';
import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { h } from './dom.js';
import { documentationForm, field, input, value } from './form-kit.js';

function nextDowntimeId(context: ViewerContext): string | null {
  return context.session.store.peekDowntimeId(context.session.payload.downtimeIds);
}

/** A new patient admitted during downtime; they get the next unused downtime id of the kit on saving. */
export function admissionForm(context: ViewerContext, location: Partial<KitLocation>): HTMLElement {
  const units = context.session.census().map((unit) => unit.unit);
  const scope = context.session.payload.scope;
  const preferredUnit = location.unit ?? (scope.kind === 'unit' ? scope.unit : '');
  const next = nextDowntimeId(context);
  const unitSelect = h(
    'select',
    { name: 'unit' },
    h('option', { value: '' }, ''),
    units.map((unit) => h('option', { value: unit, selected: unit === preferredUnit }, unit)),
  );
  const sex = h(
    'select',
    { name: 'gender' },
    h('option', { value: '' }, ''),
    (['female', 'male', 'other', 'unknown'] as const).map((gender) =>
      h('option', { value: gender }, t.sexes[gender]),
    ),
  );
  return documentationForm(
    context,
    t.newAdmission,
    next === null ? h('span', { role: 'alert' }, t.noDowntimeIds) : t.willReceive(next),
    [
      field(t.family, input('family', { autocomplete: 'off' })),
      field(t.given_name, input('given', { autocomplete: 'off' })),
      field(t.birthDate, input('birthDate', { type: 'date' })),
      field(t.sex, sex),
      field(t.unitField, unitSelect),
      h(
        'div',
        { class: 'pair' },
        field(t.room, input('room', { value: location.room ?? '' })),
        field(t.bed, input('bed', { value: location.bed ?? '' })),
      ),
      field(t.admittedAt, input('at', { type: 'datetime-local', value: toLocalInput(context.now()) })),
    ],
    (form, showProblems) => {
      const checked = checkAdmission(
        {
          at: value(form, 'at'),
          family: value(form, 'family'),
          given: value(form, 'given'),
          birthDate: value(form, 'birthDate'),
          gender: value(form, 'gender'),
          location: { unit: value(form, 'unit'), room: value(form, 'room'), bed: value(form, 'bed') },
        },
        { by: context.session.user, now: context.now(), newUuid },
      );
      if (!checked.ok) return showProblems(checked.problems);
      const { store, payload } = context.session;
      const result: { admitted: AdmissionEntry | null } = { admitted: null };
      return context
        .document(() => {
          result.admitted = checked.build(store.takeDowntimeId(payload.downtimeIds));
          store.add(result.admitted);
        })
        .then((saved) => {
          if (saved && result.admitted !== null) {
            context.back();
            context.openPatient(subjectKey({ kind: 'downtime', patientUuid: result.admitted.patientUuid }));
          }
        });
    },
  );
}
