import type { KitSignerIdentity } from '../../kit/neutral.js';

/** What the kit file carries besides the viewer: the signer it names and the envelopes in order. */
export interface PageKit {
  signer: KitSignerIdentity | null;
  envelopes: string[];
}

const KEY_ID = /^[A-Za-z0-9._-]{1,128}$/;
const PUBLIC_KEY = /^[A-Za-z0-9_-]{43}$/;

/** `keyId:publicKey` from the lifeline-signer meta tag; null when absent or malformed. */
export function parseSignerMeta(content: string | null): KitSignerIdentity | null {
  if (content === null) return null;
  const separator = content.lastIndexOf(':');
  if (separator < 0) return null;
  const keyId = content.slice(0, separator);
  const publicKey = content.slice(separator + 1);
  return KEY_ID.test(keyId) && PUBLIC_KEY.test(publicKey) ? { keyId, publicKey } : null;
}

export function readPageKit(document: Document): PageKit {
  const meta = document.querySelector('meta[name="lifeline-signer"]');
  const envelopes = [...document.querySelectorAll('script.lifeline-kit[type="application/json"]')].map(
    (script) => (script.textContent ?? '').trim(),
  );
  return { signer: parseSignerMeta(meta?.getAttribute('content') ?? null), envelopes };
}
