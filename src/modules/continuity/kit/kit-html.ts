import { createHash } from 'node:crypto';
import { parseEnvelope } from './envelope.js';
import { kitError } from './errors.js';
import { parseSignerIdentity, type KitSignerIdentity } from './kit-header.js';
import { KIT_BLOCK_CLASS, SIGNER_META_NAME } from './kit-html-read.js';

export interface KitHtmlInput {
  /** The full kit first, then its deltas in order. */
  envelopes: readonly string[];
  viewerScript: string;
  title: string;
  signer: KitSignerIdentity;
}

/**
 * One self-contained HTML file: the envelopes as inert JSON blocks and the viewer inline, under a CSP
 * that allows no network at all and no script but this exact viewer (by its SHA-256).
 */
export function renderKitHtml(input: KitHtmlInput): string {
  if (input.envelopes.length === 0) throw htmlInvalid('A kit file needs at least one envelope');
  input.envelopes.forEach((envelope) => parseEnvelope(envelope));
  const signer = parseSignerIdentity(input.signer, 'signer');
  const viewerScript = normaliseViewerScript(input.viewerScript);
  const csp = [
    "default-src 'none'",
    `script-src '${scriptHash(viewerScript)}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
  ].join('; ');
  const blocks = input.envelopes.map(
    (envelope) =>
      `<script type="application/json" class="${KIT_BLOCK_CLASS}">${escapeJsonForScript(envelope)}</script>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="${SIGNER_META_NAME}" content="${signer.keyId}:${signer.publicKey}">`,
    `<title>${escapeHtml(input.title)}</title>`,
    '</head>',
    '<body>',
    ...blocks,
    `<script>${viewerScript}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The CSP source for an inline script: SHA-256 over its text exactly as the browser will see it. */
export function scriptHash(scriptText: string): string {
  return `sha256-${createHash('sha256').update(scriptText, 'utf8').digest('base64')}`;
}

/**
 * Inside a script element only `<` can end the data early (`</script`, `<!--`); as \u003c it is the
 * same JSON to the parser and nothing to HTML.
 */
export function escapeJsonForScript(json: string): string {
  return json.replace(/</g, '\\u003c');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * HTML parsing turns CR LF into LF (and NUL into U+FFFD) before the CSP hash is taken, so the hash is
 * computed on the same text. A viewer script that could end its element early is refused rather than silently broken.
 */
function normaliseViewerScript(script: string): string {
  const normalised = script.replace(/\r\n?/g, '\n');
  if (/<\/script/i.test(normalised) || normalised.includes('<!--') || normalised.includes('\u0000')) {
    throw htmlInvalid('The viewer script contains </script, <!-- or NUL and cannot be inlined as it is');
  }
  return normalised;
}

function htmlInvalid(message: string) {
  return kitError('CONTINUITY_KIT_HTML_INVALID', message);
}
