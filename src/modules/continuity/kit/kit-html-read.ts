import { LifelineError } from '../../../kernel/errors.js';
import { parseEnvelope } from './envelope.js';
import { kitError } from './errors.js';
import { parseSignerIdentity, type KitSignerIdentity } from './kit-header.js';

/**
 * Reads the envelopes and the signer out of an HTML kit (device sync, the CLI's verify command). Kits
 * are written by renderKitHtml, so this is a scanner for that shape rather than an HTML parser; it
 * runs in linear time on any input and refuses anything else with CONTINUITY_KIT_HTML_INVALID.
 */

export const KIT_BLOCK_CLASS = 'lifeline-kit';
export const SIGNER_META_NAME = 'lifeline-signer';

/** The envelopes in document order: the full kit first, then its deltas. */
export function extractEnvelopes(html: string): string[] {
  const envelopes: string[] = [];
  for (const element of elements(html, 'script', true)) {
    const classes = (element.attributes.get('class') ?? '').split(/\s+/);
    if (!classes.includes(KIT_BLOCK_CLASS)) continue;
    if (element.attributes.get('type')?.toLowerCase() !== 'application/json') continue;
    const envelope = element.body.trim();
    try {
      parseEnvelope(envelope);
    } catch (error) {
      throw notAKit(`Kit block ${envelopes.length + 1} is not a kit envelope`, {
        position: envelopes.length + 1,
        reason: error instanceof LifelineError ? error.code : 'unreadable',
      });
    }
    envelopes.push(envelope);
  }
  if (envelopes.length === 0) throw notAKit('The file holds no Lifeline kit');
  return envelopes;
}

export function readSigner(html: string): KitSignerIdentity {
  for (const element of elements(html, 'meta', false)) {
    if (element.attributes.get('name') !== SIGNER_META_NAME) continue;
    const content = element.attributes.get('content') ?? '';
    const separator = content.lastIndexOf(':');
    try {
      return parseSignerIdentity(
        { keyId: content.slice(0, Math.max(separator, 0)), publicKey: content.slice(separator + 1) },
        'signer',
      );
    } catch {
      throw notAKit('The kit names its signer in a form that cannot be read');
    }
  }
  throw notAKit('The file does not name a kit signer');
}

interface Element {
  attributes: Map<string, string>;
  body: string;
}

function* elements(html: string, tag: 'script' | 'meta', hasBody: boolean): Generator<Element> {
  const open = new RegExp(`<${tag}(?=[\\s/>])`, 'gi');
  const close = /<\/script\s*>/gi;
  for (;;) {
    const start = open.exec(html);
    if (start === null) return;
    const tagEnd = html.indexOf('>', open.lastIndex);
    if (tagEnd < 0) return;
    const attributes = parseAttributes(html.slice(open.lastIndex, tagEnd));
    if (!hasBody) {
      open.lastIndex = tagEnd + 1;
      yield { attributes, body: '' };
      continue;
    }
    close.lastIndex = tagEnd + 1;
    const end = close.exec(html);
    if (end === null) throw notAKit('A script element of the file is not closed');
    open.lastIndex = close.lastIndex;
    yield { attributes, body: html.slice(tagEnd + 1, end.index) };
  }
}

function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const attribute = /([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const match of text.matchAll(attribute)) {
    const name = (match[1] as string).toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function notAKit(message: string, details: Record<string, string | number> = {}) {
  return kitError('CONTINUITY_KIT_HTML_INVALID', message, details);
}
