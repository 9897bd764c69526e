import type { KitAdministration, KitPatient } from '../../types.js';
import { formatTime } from '../clinical/format.js';
import { groupMar, type MarGroup } from '../clinical/mar.js';
import type { MedicationEntry } from '../documentation/entries.js';
import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { button, h } from './dom.js';
import type { Chart } from './session.js';

const time = (iso: string) => formatTime(iso, t.locale);

/** Doses answered in this browser, by order and planned time, so the MAR shows them as done. */
export function documentedDoses(context: ViewerContext, chart: Chart): Map<string, MedicationEntry> {
  const doses = new Map<string, MedicationEntry>();
  for (const entry of context.session.entriesFor(chart.key)) {
    if (entry.kind === 'medication' && entry.plannedAt !== null)
      doses.set(`${entry.orderId ?? ''}|${entry.plannedAt}`, entry);
  }
  return doses;
}

function pastLine(line: KitAdministration): HTMLElement {
  const given = line.status === 'given';
  return h(
    'li',
    { class: given ? 'given' : 'not-given' },
    `${time(line.at)} ${given ? '✓' : '✗'} ${given ? t.given : t.notGiven}`,
    line.by === null ? '' : ` (${line.by})`,
  );
}

function plannedLine(
  context: ViewerContext,
  chart: Chart,
  group: MarGroup,
  line: KitAdministration,
  doses: Map<string, MedicationEntry>,
) {
  const documented = doses.get(`${line.orderId ?? ''}|${line.at}`);
  if (documented !== undefined) {
    const what = documented.given ? t.given : t.notGiven;
    return h(
      'li',
      { class: documented.given ? 'given' : 'not-given' },
      `${time(line.at)} `,
      t.documentedAs(what, time(documented.at), documented.by),
    );
  }
  const open = (given: boolean) =>
    context.go({
      kind: 'medication',
      key: chart.key,
      preset: {
        given,
        medication: group.medication,
        orderId: line.orderId,
        plannedAt: line.at,
        dose: line.dose,
      },
    });
  const label = `${group.medication.text} ${time(line.at)}`;
  return h(
    'li',
    {},
    `${time(line.at)} `,
    button(t.markGiven, () => open(true), { class: 'small', 'aria-label': `${t.markGiven}: ${label}` }),
    ' ',
    button(t.markNotGiven, () => open(false), {
      class: 'small',
      'aria-label': `${t.markNotGiven}: ${label}`,
    }),
  );
}

/** Orders as rows in time order: the last 24 hours, what was due and has no record, "now", the next 24 hours. */
export function marTable(context: ViewerContext, chart: Chart, patient: KitPatient): HTMLElement {
  const now = context.now();
  const groups = groupMar(patient.mar, now);
  const doses = documentedDoses(context, chart);
  const body =
    groups.length === 0
      ? h('p', { class: 'muted' }, t.noMar)
      : h(
          'table',
          { class: 'mar' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t.marMedication),
              h('th', { scope: 'col' }, t.marDoseRoute),
              h('th', { scope: 'col' }, t.marLast),
              h('th', { scope: 'col' }, t.marDue),
              h('th', { scope: 'col', class: 'now-marker' }, t.marNow(time(now.toISOString()))),
              h('th', { scope: 'col' }, t.marNext),
            ),
          ),
          h(
            'tbody',
            {},
            groups.map((group) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, group.medication.text),
                h('td', {}, [group.dose, group.route].filter((part) => part !== null).join(' · ')),
                h('td', {}, h('ul', { class: 'doses' }, group.past.map(pastLine))),
                h(
                  'td',
                  { class: group.due.length > 0 ? 'due' : '' },
                  h(
                    'ul',
                    { class: 'doses' },
                    group.due.map((line) => plannedLine(context, chart, group, line, doses)),
                  ),
                ),
                h('td', { class: 'now-marker', 'aria-hidden': 'true' }),
                h(
                  'td',
                  {},
                  h(
                    'ul',
                    { class: 'doses' },
                    group.upcoming.map((line) => plannedLine(context, chart, group, line, doses)),
                  ),
                ),
              ),
            ),
          ),
        );
  return h(
    'section',
    { class: 'ips-section', 'aria-labelledby': 'mar-title' },
    h('h2', { id: 'mar-title' }, t.mar),
    body,
    button(t.recordOtherMedication, () => context.go({ kind: 'medication', key: chart.key, preset: null })),
  );
}
