import { allergyFlag } from '../clinical/census.js';
import { formatDateTime } from '../clinical/format.js';
import { entrySummary } from '../documentation/summary.js';
import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { button, h } from './dom.js';
import { marTable } from './mar-table.js';
import { ageSex, birthLabel, displayName, locationLabel } from './patient-labels.js';
import { blankVitalsChart, marSheet, patientSummarySheet } from './print-sheets.js';
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

function identity(chart: Chart, now: Date): HTMLElement {
  const facts: [string, string][] = [
    [t.ageSex, ageSex(chart, now)],
    [t.birthDate, birthLabel(chart.birthDate)],
    [chart.admission === null ? t.mrn : t.downtimeId, chart.mrn ?? ''],
    [t.location, locationLabel(chart.location)],
  ];
  const admittedAt = chart.patient?.admittedAt ?? chart.admission?.at ?? null;
  if (admittedAt !== null) facts.push([t.admittedAt, formatDateTime(admittedAt, t.locale)]);
  const codeStatus = chart.patient?.codeStatus ?? null;
  if (codeStatus !== null) facts.push([t.codeStatus, codeStatus]);
  return h(
    'dl',
    { class: 'identity' },
    facts.map(([term, value]) => [
      h('dt', {}, term),
      h('dd', { class: term === t.codeStatus ? 'code-status' : '' }, value),
    ]),
  );
}

function allergyBanner(chart: Chart): HTMLElement | null {
  const allergies = chart.patient?.allergies ?? [];
  const flag = allergyFlag(allergies);
  if (flag === 'none') return h('p', { class: 'allergy-banner none' }, `${t.allergies}: ${t.noneRecorded}`);
  const names = allergies.map((allergy) =>
    allergy.criticality === 'high' ? `${allergy.substance.text} (${t.highRisk})` : allergy.substance.text,
  );
  return h('p', { class: `allergy-banner ${flag}`, role: 'note' }, `⚠ ${t.allergies}: ${names.join(', ')}`);
}

function documented(context: ViewerContext, chart: Chart): HTMLElement | null {
  const entries = context.session.entriesFor(chart.key).filter((entry) => entry.kind !== 'admission');
  if (entries.length === 0) return null;
  return h(
    'section',
    { class: 'ips-section downtime', 'aria-labelledby': 'documented-title' },
    h('h2', { id: 'documented-title' }, t.documentedHere),
    h(
      'ul',
      {},
      entries.map((entry) =>
        h('li', {}, `${t.entryKinds[entry.kind]} · ${entrySummary(entry)} · ${entry.by}`),
      ),
    ),
  );
}

export function patientView(context: ViewerContext, key: string): HTMLElement {
  const chart = context.session.chart(key);
  if (chart === null) return h('section', {}, h('h1', { tabindex: '-1' }, t.noneRecorded));
  const now = context.now();
  const patient = chart.patient;
  const prefix = 'patient';
  return h(
    'article',
    { class: 'patient' },
    h(
      'h1',
      { tabindex: '-1' },
      displayName(chart),
      chart.admission === null ? null : h('span', { class: 'badge' }, t.downtimeAdmission),
    ),
    identity(chart, now),
    allergyBanner(chart),
    h(
      'div',
      { class: 'actions' },
      button(t.recordVitals, () => context.go({ kind: 'vitals', key })),
      button(t.recordNote, () => context.go({ kind: 'note', key })),
      button(t.printSummary, () => context.print(patientSummarySheet(context, chart))),
      patient === null ? null : button(t.printMar, () => context.print(marSheet(context, chart, patient))),
      button(t.printVitalsChart, () => context.print(blankVitalsChart(context, chart))),
    ),
    documented(context, chart),
    patient === null
      ? [
          h('p', { class: 'muted' }, t.dataOnlyHere),
          button(t.recordOtherMedication, () => context.go({ kind: 'medication', key, preset: null })),
        ]
      : [
          allergiesSection(patient, prefix),
          problemsSection(patient, prefix),
          medicationsSection(patient, prefix),
          marTable(context, chart, patient),
          resultsSection(patient, prefix),
          vitalsSection(patient, prefix),
          immunizationsSection(patient, prefix),
          proceduresSection(patient, prefix),
          appointmentsSection(patient, prefix),
        ],
  );
}
