import { signedExport } from '../documentation/export.js';
import { subjectKey } from '../documentation/entries.js';
import { entrySummary } from '../documentation/summary.js';
import { newUuid } from '../documentation/uuid.js';
import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { button, h, linkButton } from './dom.js';
import { displayName } from './patient-labels.js';

/** A file handed to the user through a Blob link: the only way data leaves the viewer. */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/fhir+json' }));
  const link = h('a', { href: url, download: fileName, class: 'visually-hidden' }, fileName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function exportAll(context: ViewerContext): Promise<void> {
  const { session } = context;
  const exportId = newUuid();
  const now = context.now();
  // Export what is stored: a change still being written could yet be rolled back.
  await session.store.settled();
  const result = await signedExport(session.store.state, {
    hospital: session.payload.hospital,
    scope: session.payload.scope,
    key: session.payload.documentationKey,
    user: session.user,
    now,
    exportId,
  });
  download(`${JSON.stringify(result.bundle, null, 2)}\n`, result.fileName);
  if (await context.document(() => session.store.markExported(exportId, now.toISOString()))) {
    context.redraw();
    context.announce(t.exportDone(result.newEntries));
  }
}

export function documentationView(context: ViewerContext): HTMLElement {
  const { session } = context;
  const state = session.store.state;
  const rows = [...state.entries].reverse().map((entry) => {
    const key = subjectKey(
      entry.kind === 'admission' ? { kind: 'downtime', patientUuid: entry.patientUuid } : entry.subject,
    );
    const chart = session.chart(key);
    return h(
      'tr',
      {},
      h('td', {}, t.entryKinds[entry.kind]),
      h('td', {}, chart === null ? '' : linkButton(displayName(chart), () => context.openPatient(key))),
      h('td', {}, entrySummary(entry)),
      h('td', {}, entry.by),
      h('td', {}, entry.exportedIn === null ? t.pending : t.exported),
      h(
        'td',
        {},
        entry.exportedIn === null
          ? button(
              t.undo,
              () =>
                void context
                  .document(() => session.store.undo(entry.id))
                  .then((ok) => ok && context.redraw()),
              {
                'aria-label': `${t.undo}: ${t.entryKinds[entry.kind]} ${entrySummary(entry)}`,
              },
            )
          : '',
      ),
    );
  });
  return h(
    'section',
    {},
    h('h1', { tabindex: '-1' }, t.documentationTitle),
    session.notices.storageUnavailable
      ? h('p', { class: 'warning', role: 'alert' }, t.storageUnavailable)
      : null,
    session.notices.quarantinedAs === null ? null : h('p', { class: 'warning' }, t.storageQuarantined),
    rows.length === 0
      ? h('p', { class: 'muted' }, t.noDocumentation)
      : h(
          'table',
          { class: 'documentation' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [t.kind, t.patient, t.description, t.by, t.status, ''].map((label) =>
                h('th', { scope: 'col' }, label),
              ),
            ),
          ),
          h('tbody', {}, rows),
        ),
    h('p', { class: 'muted' }, t.openingsLogged(state.openings.length)),
    button(t.export, () => void exportAll(context).catch(() => context.announce(t.exportFailed)), {
      class: 'primary',
    }),
  );
}
