import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { h, linkButton } from './dom.js';
import { ageSex, birthLabel, displayName, locationLabel } from './patient-labels.js';

const RESULT_LIMIT = 50;

export function searchView(context: ViewerContext, query: string): HTMLElement {
  const now = context.now();
  const { charts, total } =
    query.trim() === '' ? { charts: [], total: 0 } : context.session.search(query, now, RESULT_LIMIT);
  return h(
    'section',
    {},
    h('h1', { tabindex: '-1' }, t.search),
    h(
      'p',
      { class: 'search-count', role: 'status' },
      query.trim() === '' ? t.searchLabel : t.searchResults(charts.length, total),
    ),
    charts.length === 0
      ? null
      : h(
          'table',
          { class: 'results' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [t.patient, t.ageSex, t.birthDate, t.mrn, t.location].map((label) =>
                h('th', { scope: 'col' }, label),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            charts.map((chart) =>
              h(
                'tr',
                {},
                h(
                  'td',
                  {},
                  linkButton(displayName(chart), () => context.openPatient(chart.key), {
                    class: 'link result',
                  }),
                  chart.admission === null ? null : h('span', { class: 'badge' }, t.downtimeAdmission),
                ),
                h('td', {}, ageSex(chart, now)),
                h('td', {}, birthLabel(chart.birthDate)),
                h('td', {}, chart.mrn ?? ''),
                h('td', {}, locationLabel(chart.location)),
              ),
            ),
          ),
        ),
  );
}
