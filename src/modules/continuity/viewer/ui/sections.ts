import type { KitPatient } from '../../types.js';
import { formatDate, formatDateTime } from '../clinical/format.js';
import { messages as t } from '../messages.js';
import { h, type Child } from './dom.js';

/**
 * The International Patient Summary sections as tables, shared by the patient page and the printed
 * summary. An empty section says "none recorded" rather than disappearing, because "no allergies
 * known" and "allergies not shown" must never look alike.
 */

const ABNORMAL_FLAGS = new Set(['H', 'L', 'HH', 'LL', 'A', 'AA', 'HU', 'LU']);

function section(title: string, headings: string[], rows: Child[][], id: string): HTMLElement {
  return h(
    'section',
    { class: 'ips-section', 'aria-labelledby': id },
    h('h2', { id }, title),
    rows.length === 0
      ? h('p', { class: 'muted' }, t.noneRecorded)
      : h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              headings.map((heading) => h('th', { scope: 'col' }, heading)),
            ),
          ),
          h(
            'tbody',
            {},
            rows.map((cells) =>
              h(
                'tr',
                {},
                cells.map((cell) => (cell instanceof HTMLTableCellElement ? cell : h('td', {}, cell))),
              ),
            ),
          ),
        ),
  );
}

const date = (value: string | null) => formatDate(value, t.locale);
const dateTime = (value: string | null) => formatDateTime(value, t.locale);

export function allergiesSection(patient: KitPatient, prefix: string): HTMLElement {
  return section(
    t.allergies,
    [t.allergies, t.kind, t.criticality, t.reactions, t.status],
    patient.allergies.map((allergy) => {
      const high = allergy.criticality === 'high';
      return [
        h('td', { class: high ? 'allergy-high' : '' }, allergy.substance.text),
        allergy.type ?? '',
        h(
          'td',
          { class: high ? 'allergy-high' : '' },
          high ? `⚠ ${allergy.criticality}` : (allergy.criticality ?? ''),
        ),
        allergy.reactions.join(', '),
        allergy.status ?? '',
      ];
    }),
    `${prefix}-allergies`,
  );
}

export function problemsSection(patient: KitPatient, prefix: string): HTMLElement {
  return section(
    t.problems,
    [t.problems, t.status, t.onset],
    patient.problems.map((problem) => [problem.code.text, problem.status ?? '', date(problem.onset)]),
    `${prefix}-problems`,
  );
}

export function medicationsSection(patient: KitPatient, prefix: string): HTMLElement {
  return section(
    t.medications,
    [t.medication, t.dosage, t.kind, t.status, t.started],
    patient.medications.map((medication) => [
      medication.medication.text,
      medication.dosage ?? '',
      medication.kind === 'order' ? t.order : t.statement,
      medication.status ?? '',
      date(medication.start),
    ]),
    `${prefix}-medications`,
  );
}

export function immunizationsSection(patient: KitPatient, prefix: string): HTMLElement {
  return section(
    t.immunizations,
    [t.immunizations, t.date, t.status],
    patient.immunizations.map((immunization) => [
      immunization.vaccine.text,
      date(immunization.date),
      immunization.status ?? '',
    ]),
    `${prefix}-immunizations`,
  );
}

function observations(title: string, list: KitPatient['results'], id: string): HTMLElement {
  return section(
    title,
    [t.test, t.value, t.flag, t.when],
    list.map((observation) => {
      const abnormal = observation.flag !== null && ABNORMAL_FLAGS.has(observation.flag.toUpperCase());
      return [
        observation.code.text,
        h('td', { class: abnormal ? 'abnormal' : '' }, observation.value),
        h('td', { class: abnormal ? 'abnormal' : '' }, observation.flag ?? ''),
        dateTime(observation.at),
      ];
    }),
    id,
  );
}

export function resultsSection(patient: KitPatient, prefix: string): HTMLElement {
  return observations(t.results, patient.results, `${prefix}-results`);
}

export function vitalsSection(patient: KitPatient, prefix: string): HTMLElement {
  return observations(t.vitals, patient.vitals, `${prefix}-vitals`);
}

export function proceduresSection(patient: KitPatient, prefix: string): HTMLElement {
  return section(
    t.procedures,
    [t.procedures, t.status, t.when],
    patient.procedures.map((procedure) => [
      procedure.code.text,
      procedure.status ?? '',
      dateTime(procedure.at),
    ]),
    `${prefix}-procedures`,
  );
}

export function appointmentsSection(patient: KitPatient, prefix: string): HTMLElement {
  return section(
    t.appointments,
    [t.when, t.description, t.location, t.status],
    patient.appointments.map((appointment) => [
      dateTime(appointment.start),
      appointment.description,
      appointment.location ?? '',
      appointment.status ?? '',
    ]),
    `${prefix}-appointments`,
  );
}
