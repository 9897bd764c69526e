import { allergyFlag, type CensusRow, type UnitCensus } from '../clinical/census.js';
import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { button, h, linkButton } from './dom.js';
import { ageSex, displayName } from './patient-labels.js';
import { admissionChart, kitChart } from './session.js';

export function unitsView(context: ViewerContext): HTMLElement {
  const census = context.session.census();
  return h(
    'section',
    {},
    h('h1', { tabindex: '-1' }, t.units),
    h(
      'ul',
      { class: 'unit-list' },
      census.map((unit) =>
        h(
          'li',
          {},
          linkButton(unit.unit, () => context.go({ kind: 'census', unit: unit.unit })),
          ' ',
          h('span', { class: 'muted' }, t.occupied(unit.occupied, unit.beds)),
        ),
      ),
    ),
  );
}

function allergyCell(row: CensusRow): HTMLElement {
  const occupant = row.occupant;
  if (occupant === null || occupant.kind === 'downtime') return h('td', {});
  const flag = allergyFlag(occupant.patient.allergies);
  if (flag === 'none') return h('td', { class: 'muted' }, t.noneRecorded);
  const names = occupant.patient.allergies.map((allergy) => allergy.substance.text).join(', ');
  return h(
    'td',
    { class: flag === 'high' ? 'allergy-high' : 'allergy' },
    flag === 'high' ? `⚠ ${names} (${t.highRisk})` : `⚠ ${names}`,
  );
}

function censusRow(context: ViewerContext, unit: string, row: CensusRow): HTMLElement {
  const now = context.now();
  const bed = [row.room, row.bed].filter((part) => part !== null).join(' / ');
  if (row.occupant === null) {
    return h(
      'tr',
      { class: 'empty-bed' },
      h('th', { scope: 'row' }, bed),
      h(
        'td',
        { class: 'muted' },
        t.emptyBed,
        ' ',
        button(
          t.admitHere,
          () => context.go({ kind: 'admission', location: { unit, bed: row.bed, room: row.room } }),
          { class: 'small' },
        ),
      ),
      h('td', {}),
      h('td', {}),
      h('td', {}),
      h('td', {}),
    );
  }
  const chart =
    row.occupant.kind === 'kit' ? kitChart(row.occupant.patient) : admissionChart(row.occupant.admission);
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, bed),
    h(
      'td',
      {},
      linkButton(displayName(chart), () => context.openPatient(chart.key)),
      chart.admission === null ? null : h('span', { class: 'badge' }, t.downtimeAdmission),
    ),
    h('td', {}, ageSex(chart, now)),
    h('td', {}, chart.mrn ?? ''),
    allergyCell(row),
    h('td', { class: chart.patient?.codeStatus ? 'code-status' : 'muted' }, chart.patient?.codeStatus ?? ''),
  );
}

export function censusView(context: ViewerContext, unitName: string): HTMLElement {
  const unit: UnitCensus | undefined = context.session
    .census()
    .find((candidate) => candidate.unit === unitName);
  return h(
    'section',
    {},
    h('h1', { tabindex: '-1' }, t.unitCensus(unitName)),
    h('p', { class: 'muted' }, unit === undefined ? '' : t.occupied(unit.occupied, unit.beds)),
    h(
      'table',
      { class: 'census' },
      h('caption', { class: 'visually-hidden' }, t.unitCensus(unitName)),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [t.bed, t.patient, t.ageSex, t.mrn, t.allergies, t.codeStatus].map((label) =>
            h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        (unit?.rows ?? []).map((row) => censusRow(context, unitName, row)),
      ),
    ),
  );
}
