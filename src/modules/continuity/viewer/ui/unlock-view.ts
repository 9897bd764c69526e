import { parseDeviceKeyFile, type KitUnlock } from '../../kit/neutral.js';
import { formatDateTime } from '../clinical/format.js';
import { messages as t } from '../messages.js';
import { field, h } from './dom.js';
import { scopeLabel, type KitFacts } from './header.js';

export interface UnlockRequest {
  unlock: KitUnlock;
  user: string;
}

/** Answers an unlock attempt: null when it worked, else the text to show before the next try. */
export type UnlockHandler = (request: UnlockRequest) => Promise<string | null>;

function factsTable(facts: KitFacts): HTMLElement {
  const rows: [string, string][] = [
    [t.hospital, facts.hospital],
    [t.scope, scopeLabel(facts.scope)],
    [t.dataAsOf, formatDateTime(facts.dataAsOf, t.locale)],
    [t.builtAt, formatDateTime(facts.builtAt, t.locale)],
    [t.updatesLabel, t.updates(facts.updates)],
  ];
  return h(
    'dl',
    { class: 'kit-facts' },
    rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

/** Kit facts readable without unlocking, then passphrase or device key file, and the user's name. */
export function unlockView(facts: KitFacts, onUnlock: UnlockHandler): HTMLElement {
  const name = h('input', { name: 'user', autocomplete: 'off', required: true });
  const passphrase = h('input', { name: 'passphrase', type: 'password', autocomplete: 'off' });
  const keyFile = h('input', { name: 'device-key', type: 'file', accept: '.json,application/json' });
  const problem = h('p', { class: 'form-problems', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t.unlock);
  const form = h(
    'form',
    { class: 'unlock', novalidate: true },
    field(t.yourName, name, t.yourNameHint),
    field(t.passphrase, passphrase),
    field(t.orDeviceKey, keyFile, t.deviceKeyHint),
    problem,
    submit,
  );
  const fail = (text: string, focus: HTMLElement) => {
    problem.textContent = text;
    submit.disabled = false;
    submit.textContent = t.unlock;
    focus.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const user = name.value.trim();
      if (user === '') return fail(t.needName, name);
      const file = keyFile.files?.[0];
      let unlock: KitUnlock;
      if (passphrase.value !== '') unlock = { passphrase: passphrase.value };
      else if (file !== undefined) {
        try {
          unlock = { deviceKey: parseDeviceKeyFile(await file.text()) };
        } catch {
          return fail(t.badKeyFile, keyFile);
        }
      } else return fail(t.needSecret, passphrase);
      problem.textContent = '';
      submit.disabled = true;
      submit.textContent = t.unlocking;
      const failure = await onUnlock({ unlock, user });
      if (failure !== null) {
        passphrase.value = '';
        fail(failure, passphrase);
      }
    })();
  });
  return h(
    'section',
    { class: 'unlock-view' },
    h('h1', { tabindex: '-1' }, t.unlockTitle),
    factsTable(facts),
    form,
  );
}

export function refusalView(text: string, code: string): HTMLElement {
  return h(
    'section',
    { class: 'refusal', role: 'alert' },
    h('h1', { tabindex: '-1' }, t.refusedTitle),
    h('p', {}, text),
    h('p', { class: 'muted' }, t.errorCode(code)),
  );
}
