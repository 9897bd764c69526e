import { isLifelineError } from '../../../../kernel/errors.js';
import { newUuid } from '../documentation/uuid.js';
import { messages as t } from '../messages.js';
import { admissionForm } from './admission-form.js';
import { censusView, unitsView } from './census-view.js';
import type { ViewerContext } from './context.js';
import { medicationForm, noteForm, vitalsForm } from './documentation-forms.js';
import { documentationView } from './documentation-view.js';
import { button, h, replaceChildren } from './dom.js';
import { formsView } from './forms-view.js';
import { Navigator, type View } from './navigator.js';
import { patientView } from './patient-view.js';
import { searchView } from './search-view.js';
import type { ViewerSession } from './session.js';

export interface Shell {
  nav: HTMLElement;
  main: HTMLElement;
  notice: HTMLElement;
  printRoot: HTMLElement;
}

const FAILURE_TEXT: Record<string, string> = {
  CONTINUITY_VIEWER_STORAGE_FAILED: t.storageFailed,
  CONTINUITY_VIEWER_NO_DOWNTIME_ID: t.noDowntimeIds,
  CONTINUITY_VIEWER_UNDO_REFUSED: t.undoRefused,
};

/** The unlocked viewer: navigation, the screens, the search box and the keyboard shortcuts. */
export class ViewerApp implements ViewerContext {
  private readonly navigator: Navigator;
  private readonly searchBox = h('input', {
    type: 'search',
    id: 'search',
    name: 'search',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  private readonly documentationButton: HTMLButtonElement;

  constructor(
    private readonly shell: Shell,
    readonly session: ViewerSession,
  ) {
    const scope = session.payload.scope;
    const home: View = scope.kind === 'unit' ? { kind: 'census', unit: scope.unit } : { kind: 'units' };
    this.navigator = new Navigator(home, (view, moved) => this.show(view, moved));
    this.documentationButton = button('', () => this.go({ kind: 'documentation' }));
    this.searchBox.addEventListener('input', () => this.searchFor(this.searchBox.value));
    this.searchBox.addEventListener('keydown', (event) => this.onSearchKey(event));
    replaceChildren(
      shell.nav,
      h('label', { for: 'search', class: 'visually-hidden' }, t.searchLabel),
      this.searchBox,
      h('span', { class: 'visually-hidden' }, t.searchHint),
      button(t.census, () => this.navigator.home()),
      this.documentationButton,
      button(t.forms, () => this.go({ kind: 'forms' })),
      h('span', { class: 'user' }, t.signedInAs(session.user)),
      button(t.lock, () => window.location.reload()),
    );
    this.searchBox.placeholder = t.searchLabel;
    document.addEventListener('keydown', (event) => this.onKey(event));
    window.addEventListener('afterprint', () => {
      document.body.classList.remove('printing-sheet');
      replaceChildren(shell.printRoot);
    });
  }

  start(): void {
    this.navigator.redraw();
    this.focusHeading();
    const { storageUnavailable, quarantinedAs } = this.session.notices;
    if (storageUnavailable) this.announce(t.storageUnavailable);
    else if (quarantinedAs !== null) this.announce(t.storageQuarantined);
    // The index for 100,000 patients is built right after the census shows, not before.
    setTimeout(() => this.session.warmUp(), 0);
  }

  now(): Date {
    return new Date();
  }

  go(view: View): void {
    this.navigator.go(view);
  }

  back(): void {
    this.navigator.back();
  }

  redraw(): void {
    this.navigator.redraw();
  }

  openPatient(key: string): void {
    const chart = this.session.chart(key);
    if (chart !== null) {
      const opening = {
        uuid: newUuid(),
        at: this.now().toISOString(),
        by: this.session.user,
        kitId: this.session.kit.latest.kitId,
        subject: chart.subject,
      };
      // The record is shown even when the opening cannot be logged: care comes before the audit trail.
      void this.document(() => this.session.store.logOpening(opening));
    }
    this.go({ kind: 'patient', key });
  }

  announce(text: string): void {
    this.shell.notice.textContent = text;
  }

  async document(change: () => void): Promise<boolean> {
    try {
      change();
      this.session.documentationChanged();
      await this.session.store.whenSaved();
      return true;
    } catch (error) {
      // A failed write rolled the change back: caches built from it must go too.
      this.session.documentationChanged();
      const code = isLifelineError(error) ? String(error.code) : '';
      this.announce(FAILURE_TEXT[code] ?? t.storageFailed);
      return false;
    }
  }

  print(sheet: HTMLElement): void {
    replaceChildren(this.shell.printRoot, sheet);
    document.body.classList.add('printing-sheet');
    window.print();
  }

  private show(view: View, moved: boolean): void {
    const pending = this.session.store.state.entries.filter((entry) => entry.exportedIn === null).length;
    this.documentationButton.textContent = t.documentation(pending);
    const query = view.kind === 'search' ? view.query : '';
    if (this.searchBox.value !== query) this.searchBox.value = query;
    if (moved) this.announce('');
    replaceChildren(this.shell.main, this.render(view));
    if (moved && document.activeElement !== this.searchBox) this.focusHeading();
  }

  private render(view: View): HTMLElement {
    const chart = 'key' in view ? this.session.chart(view.key) : null;
    switch (view.kind) {
      case 'units':
        return unitsView(this);
      case 'census':
        return censusView(this, view.unit);
      case 'patient':
        return patientView(this, view.key);
      case 'search':
        return searchView(this, view.query);
      case 'vitals':
        return chart === null ? patientView(this, view.key) : vitalsForm(this, chart);
      case 'note':
        return chart === null ? patientView(this, view.key) : noteForm(this, chart);
      case 'medication':
        return chart === null ? patientView(this, view.key) : medicationForm(this, chart, view.preset);
      case 'admission':
        return admissionForm(this, view.location);
      case 'documentation':
        return documentationView(this);
      case 'forms':
        return formsView(this);
    }
  }

  private focusHeading(): void {
    this.shell.main.querySelector('h1')?.focus();
  }

  private searchFor(query: string): void {
    if (this.navigator.current.kind === 'search') this.navigator.replace({ kind: 'search', query });
    else if (query.trim() !== '') this.navigator.go({ kind: 'search', query });
  }

  private onSearchKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const results = [...this.shell.main.querySelectorAll<HTMLButtonElement>('button.result')];
    if (results.length === 1) results[0]?.click();
    else results[0]?.focus();
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    const typing =
      target !== null &&
      (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
    if (event.key === '/' && !typing) {
      event.preventDefault();
      this.searchBox.focus();
      this.searchBox.select();
    } else if (event.key === 'Escape') {
      if (target === this.searchBox && this.searchBox.value !== '') {
        this.searchBox.value = '';
        if (this.navigator.current.kind === 'search') this.navigator.back();
        return;
      }
      if (this.navigator.canGoBack) {
        event.preventDefault();
        if (target === this.searchBox) this.searchBox.blur();
        this.navigator.back();
      }
    }
  }
}
