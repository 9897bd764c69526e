import type { KitScope } from '../../types.js';
import { formatDateTime } from '../clinical/format.js';
import { stalenessAt } from '../clinical/staleness.js';
import { messages as t } from '../messages.js';
import { h, replaceChildren } from './dom.js';

export interface KitFacts {
  hospital: string;
  scope: KitScope;
  dataAsOf: string;
  builtAt: string;
  updates: number;
}

export function scopeLabel(scope: KitScope): string {
  return scope.kind === 'unit' ? t.unit(scope.unit) : t.site(scope.site);
}

/**
 * "Data as of" with its age; red once older than the staleness limit. It lives in the header bar on
 * every screen, and is refreshed by a timer so a kit left open overnight turns red by itself.
 */
export function renderDataAge(target: HTMLElement, dataAsOf: string, now: Date): void {
  const { minutes, stale } = stalenessAt(dataAsOf, now);
  target.classList.toggle('stale', stale);
  target.setAttribute('data-stale', String(stale));
  replaceChildren(
    target,
    h('span', { class: 'label' }, `${t.dataAsOf} `),
    h('time', { datetime: dataAsOf }, formatDateTime(dataAsOf, t.locale)),
    ' · ',
    h('span', { class: 'age' }, t.minutesOld(minutes)),
    stale ? h('span', { class: 'stale-warning' }, ` · ${t.staleWarning}`) : null,
  );
}

export function headerFacts(facts: KitFacts | null, dataAge: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'facts' },
    h('span', { class: 'app-name' }, t.appName),
    facts === null ? null : h('span', { class: 'scope' }, `${facts.hospital} · ${scopeLabel(facts.scope)}`),
    dataAge,
  );
}
