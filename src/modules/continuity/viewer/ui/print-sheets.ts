import type { KitPatient } from '../../types.js';
import { formatDateTime, formatTime } from '../clinical/format.js';
import { groupMar } from '../clinical/mar.js';
import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { h, type Child } from './dom.js';
import { scopeLabel } from './header.js';
import { ageSex, birthLabel, displayName, locationLabel } from './patient-labels.js';
import {
  allergiesSection,
  appointmentsSection,
  immunizationsSection,
  medicationsSection,
  problemsSection,
  proceduresSection,
  resultsSection,
  vitalsSection,
} from './sections.js';
import type { Chart } from './session.js';

/** Paper for when the laptop battery dies too: summaries, a MAR sheet and blank downtime forms. */

function sheet(context: ViewerContext, title: string, chart: Chart | null, ...body: Child[]): HTMLElement {
  const { session } = context;
  const now = context.now().toISOString();
  const label =
    chart === null
      ? h('div', { class: 'label-box' }, t.patientLabel)
      : h(
          'p',
          { class: 'sheet-patient' },
          h('strong', {}, displayName(chart)),
          ` · ${ageSex(chart, context.now())} · ${birthLabel(chart.birthDate)} · ${chart.admission === null ? t.mrn : t.downtimeId} ${chart.mrn ?? ''} · ${locationLabel(chart.location)}`,
        );
  return h(
    'div',
    { class: 'sheet' },
    h('p', { class: 'sheet-hospital' }, `${session.payload.hospital} · ${scopeLabel(session.payload.scope)}`),
    h('h1', {}, title),
    label,
    h(
      'p',
      { class: 'sheet-meta' },
      t.printedBy(
        formatDateTime(now, t.locale),
        session.user,
        formatDateTime(session.kit.latest.dataAsOf, t.locale),
      ),
    ),
    ...body,
  );
}

function blankTable(headings: string[], rows: number): HTMLElement {
  return h(
    'table',
    { class: 'blank-form' },
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
      Array.from({ length: rows }, () =>
        h(
          'tr',
          {},
          headings.map(() => h('td', {}, ' ')),
        ),
      ),
    ),
  );
}

export function patientSummarySheet(context: ViewerContext, chart: Chart): HTMLElement {
  const patient = chart.patient;
  const prefix = 'print';
  return sheet(
    context,
    t.printSummary,
    chart,
    patient === null
      ? h('p', {}, t.dataOnlyHere)
      : [
          patient.codeStatus === null
            ? null
            : h('p', { class: 'code-status' }, `${t.codeStatus}: ${patient.codeStatus}`),
          allergiesSection(patient, prefix),
          problemsSection(patient, prefix),
          medicationsSection(patient, prefix),
          resultsSection(patient, prefix),
          vitalsSection(patient, prefix),
          immunizationsSection(patient, prefix),
          proceduresSection(patient, prefix),
          appointmentsSection(patient, prefix),
        ],
  );
}

export function marSheet(context: ViewerContext, chart: Chart, patient: KitPatient): HTMLElement {
  const groups = groupMar(patient.mar, context.now());
  const time = (iso: string) => formatTime(iso, t.locale);
  return sheet(
    context,
    t.marSheet,
    chart,
    allergiesSection(patient, 'print-mar'),
    h(
      'table',
      { class: 'mar blank-form' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [
            t.marMedication,
            t.marDoseRoute,
            t.marLast,
            t.planned,
            `${t.givenNotGiven} · ${t.time} · ${t.initials}`,
          ].map((heading) => h('th', { scope: 'col' }, heading)),
        ),
      ),
      h(
        'tbody',
        {},
        groups.flatMap((group) => {
          const planned = [...group.due, ...group.upcoming];
          const past = group.past
            .map((line) => `${time(line.at)} ${line.status === 'given' ? '✓' : '✗'}`)
            .join(', ');
          return (planned.length === 0 ? [null] : planned).map((line, position) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, position === 0 ? group.medication.text : ''),
              h('td', {}, position === 0 ? [group.dose, group.route].filter(Boolean).join(' · ') : ''),
              h('td', {}, position === 0 ? past : ''),
              h('td', {}, line === null ? '' : time(line.at)),
              h('td', { class: 'write-in' }, '☐ ✓   ☐ ✗   ____   ____'),
            ),
          );
        }),
      ),
    ),
  );
}

export function blankVitalsChart(context: ViewerContext, chart: Chart | null): HTMLElement {
  return sheet(
    context,
    t.blankVitalsChart,
    chart,
    blankTable(
      [t.time, t.heartRate, t.bloodPressureShort, t.temperature, t.respiratoryRate, t.spo2, t.initials],
      24,
    ),
  );
}

export function blankMedicationForm(context: ViewerContext, chart: Chart | null): HTMLElement {
  return sheet(
    context,
    t.blankMedicationForm,
    chart,
    blankTable([t.time, t.medication, t.dose, t.route, t.givenNotGiven, t.reason, t.initials], 20),
  );
}

export function admissionFormSheet(context: ViewerContext, downtimeId: string): HTMLElement {
  const line = (label: string) =>
    h('div', { class: 'write-line' }, h('span', {}, label), h('span', { class: 'blank' }, ' '));
  return sheet(
    context,
    t.admissionForm,
    null,
    h('p', { class: 'downtime-id' }, `${t.downtimeId}: `, h('strong', {}, downtimeId)),
    [
      t.family,
      t.given_name,
      t.birthDate,
      t.sex,
      t.unitField,
      t.room,
      t.bed,
      t.admittedAt,
      t.allergies,
      t.codeStatus,
      t.medications,
      t.note,
      t.initials,
    ].map(line),
  );
}
