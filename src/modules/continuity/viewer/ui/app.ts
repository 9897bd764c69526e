import { readKitHeader, type KitHeader } from '../../kit/neutral.js';
import { DocumentationStore } from '../documentation/store.js';
import { describeFailure } from '../kit-loading/failure-messages.js';
import { unlockPageKit, verifyPageKit } from '../kit-loading/open-page-kit.js';
import { readPageKit } from '../kit-loading/page-kit.js';
import { SignerPins } from '../kit-loading/signer-pins.js';
import { documentationKey } from '../kit-loading/storage-keys.js';
import { messages as t } from '../messages.js';
import { browserStorage } from './browser-storage.js';
import { h, replaceChildren } from './dom.js';
import { headerFacts, renderDataAge, type KitFacts } from './header.js';
import { ViewerSession } from './session.js';
import { refusalView, unlockView, type UnlockRequest } from './unlock-view.js';
import { ViewerApp } from './viewer-app.js';

const DATA_AGE_REFRESH_MS = 30_000;

function factsOf(headers: readonly KitHeader[]): KitFacts | null {
  const first = headers[0];
  const latest = headers[headers.length - 1];
  if (first === undefined || latest === undefined) return null;
  return {
    hospital: first.hospital,
    scope: first.scope,
    dataAsOf: latest.dataAsOf,
    builtAt: latest.builtAt,
    updates: headers.length - 1,
  };
}

function unverifiedHeaders(envelopes: readonly string[]): KitHeader[] {
  try {
    return envelopes.map((envelope) => readKitHeader(envelope));
  } catch {
    return [];
  }
}

/**
 * Boots the viewer inside a kit file: show what the kit says about itself, verify every signature
 * before offering to unlock, and only then decrypt. A refusal replaces the page and ends there.
 */
export function startViewer(): void {
  const dataAge = h('p', { class: 'data-age' });
  const nav = h('nav', { class: 'nav', 'aria-label': t.appName });
  const bar = h('header', { class: 'bar' });
  const notice = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const printRoot = h('div', { id: 'print-root' });
  document.body.append(h('div', { id: 'lifeline-app' }, bar, notice, main), printRoot);
  document.title ||= t.appName;

  const page = readPageKit(document);
  const { storage, available } = browserStorage();
  const pins = new SignerPins(storage);
  let facts = factsOf(unverifiedHeaders(page.envelopes));
  let dataAsOf = facts?.dataAsOf ?? '';
  const showHeader = (withNav: boolean) =>
    replaceChildren(bar, headerFacts(facts, dataAge), withNav ? nav : null);
  const tick = () => renderDataAge(dataAge, dataAsOf, new Date());
  showHeader(false);
  tick();
  setInterval(tick, DATA_AGE_REFRESH_MS);

  const refuse = (error: unknown) => {
    const failure = describeFailure(error, facts?.hospital ?? null);
    // Nothing the refused kit claims stays on screen, not even its header.
    replaceChildren(bar, headerFacts(null, h('span')));
    replaceChildren(main, refusalView(failure.text, failure.code));
    main.querySelector('h1')?.focus();
  };

  const unlockWith = (signer: Parameters<typeof unlockPageKit>[1]) => async (request: UnlockRequest) => {
    try {
      const kit = await unlockPageKit(page, signer, request.unlock);
      pins.pin(kit.payload.hospital, signer);
      // Documentation is sealed with the kit's documentation key, so it can only be read after unlock.
      const loaded = await DocumentationStore.open(
        storage,
        documentationKey(kit.payload.hospital, kit.payload.scope),
        kit.payload.documentationKey.privateKeyPkcs8,
        new Date(),
      );
      const session = new ViewerSession(kit, request.user, loaded.store, {
        storageUnavailable: !available,
        quarantinedAs: loaded.quarantinedAs,
      });
      dataAsOf = kit.latest.dataAsOf;
      showHeader(true);
      tick();
      new ViewerApp({ nav, main, notice, printRoot }, session).start();
      return null;
    } catch (error) {
      const failure = describeFailure(error, facts?.hospital ?? null);
      if (failure.kind === 'retry') return failure.text;
      refuse(error);
      return null;
    }
  };

  replaceChildren(main, h('p', { class: 'muted' }, t.unlocking));
  verifyPageKit(page, pins).then(
    ({ signer, headers }) => {
      facts = factsOf(headers);
      dataAsOf = facts?.dataAsOf ?? dataAsOf;
      showHeader(false);
      tick();
      if (facts === null) return refuse(null);
      replaceChildren(main, unlockView(facts, unlockWith(signer)));
      main.querySelector('input')?.focus();
    },
    (error: unknown) => refuse(error),
  );
}
