import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { button, h } from './dom.js';
import { admissionFormSheet, blankMedicationForm, blankVitalsChart } from './print-sheets.js';

/**
 * Blank paper forms. Printing an admission form hands out the next downtime id at once: the id is
 * on paper from then on and must never be given to a second patient.
 */
export function formsView(context: ViewerContext): HTMLElement {
  const { store, payload } = context.session;
  const used = store.state.usedDowntimeIds;
  const printAdmission = async () => {
    const result: { id: string | null } = { id: null };
    // Printed only once stored as used: an id on paper must never be handed out again.
    if (
      (await context.document(() => (result.id = store.takeDowntimeId(payload.downtimeIds)))) &&
      result.id !== null
    ) {
      context.print(admissionFormSheet(context, result.id));
      context.redraw();
    }
  };
  return h(
    'section',
    {},
    h('h1', { tabindex: '-1' }, t.formsTitle),
    h(
      'div',
      { class: 'actions vertical' },
      button(t.blankVitalsChart, () => context.print(blankVitalsChart(context, null))),
      button(t.blankMedicationForm, () => context.print(blankMedicationForm(context, null))),
      button(t.printAdmissionForm, () => void printAdmission()),
      button(t.newAdmission, () => context.go({ kind: 'admission', location: {} })),
    ),
    used.length === 0 ? null : h('p', { class: 'muted' }, t.usedDowntimeIds(used.join(', '))),
  );
}
