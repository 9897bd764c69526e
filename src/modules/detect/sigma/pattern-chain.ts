/**
 * Runs plain values through their transformation modifiers in chain order: position wildcards,
 * windash, the encodings and placeholder expansion. A value can become several (base64offset,
 * expand); each stays one alternative of the item.
 */
import { base64, base64Offsets, bytesAsText, utf16Bytes } from './encodings.js';
import type { ValueTransform } from './modifiers.js';
import { SigmaProblem } from './problem.js';
import {
  asPlainText,
  normaliseSigmaString,
  parseSigmaString,
  plainString,
  withLeadingStar,
  withTrailingStar,
  type SigmaString,
  type ValueToken,
} from './sigma-string.js';

export type Placeholders = Readonly<Record<string, readonly string[]>>;

type Working = { readonly text: SigmaString } | { readonly bytes: Uint8Array };

const DASHES = new Set(['-', '/', '\u2013', '\u2014', '\u2015']);
const DASH: ValueToken = { kind: 'dash' };
const MAX_EXPANSION = 10_000;

export function applyTransforms(
  values: readonly SigmaString[],
  transforms: readonly ValueTransform[],
  placeholders: Placeholders,
): SigmaString[] {
  let working: Working[] = values.map((text) => ({ text }));
  for (const transform of transforms) {
    working = working.flatMap((value) => applyOne(value, transform, placeholders));
    if (working.length > MAX_EXPANSION) {
      throw new SigmaProblem(`modifier "${transform}" expands to more than ${MAX_EXPANSION} values`);
    }
  }
  return working.map((value) =>
    normaliseSigmaString('bytes' in value ? plainString(bytesAsText(value.bytes)) : value.text),
  );
}

function applyOne(value: Working, transform: ValueTransform, placeholders: Placeholders): Working[] {
  switch (transform) {
    case 'contains':
      return [{ text: withTrailingStar(withLeadingStar(asText(value))) }];
    case 'startswith':
      return [{ text: withTrailingStar(asText(value)) }];
    case 'endswith':
      return [{ text: withLeadingStar(asText(value)) }];
    case 'windash':
      return [{ text: windash(asText(value)) }];
    case 'base64':
      return [{ text: plainString(base64(plainBytes(value, transform))) }];
    case 'base64offset':
      return base64Offsets(plainBytes(value, transform)).map((text) => ({ text: plainString(text) }));
    case 'utf16le':
    case 'utf16be':
    case 'utf16':
      if ('bytes' in value) throw new SigmaProblem(`modifier "${transform}" cannot encode a value twice`);
      return [{ bytes: utf16Bytes(plainText(value.text, transform), transform) }];
    case 'expand':
      return expand(asText(value), placeholders).map((text) => ({ text }));
  }
}

function asText(value: Working): SigmaString {
  return 'bytes' in value ? plainString(bytesAsText(value.bytes)) : value.text;
}

function plainText(value: SigmaString, transform: ValueTransform): string {
  const text = asPlainText(value);
  if (text === undefined) {
    throw new SigmaProblem(
      `modifier "${transform}" cannot encode a value with wildcards or placeholders; ` +
        'put contains/startswith/endswith after it',
    );
  }
  return text;
}

function plainBytes(value: Working, transform: ValueTransform): Uint8Array {
  return 'bytes' in value ? value.bytes : Buffer.from(plainText(value.text, transform), 'utf8');
}

function windash(value: SigmaString): SigmaString {
  const out: ValueToken[] = [];
  for (const token of value) {
    if (token.kind !== 'text') {
      out.push(token);
      continue;
    }
    let run = '';
    for (const char of token.text) {
      if (DASHES.has(char)) {
        if (run !== '') out.push({ kind: 'text', text: run });
        out.push(DASH);
        run = '';
      } else {
        run += char;
      }
    }
    if (run !== '') out.push({ kind: 'text', text: run });
  }
  return out;
}

function expand(value: SigmaString, placeholders: Placeholders): SigmaString[] {
  let results: ValueToken[][] = [[]];
  for (const token of value) {
    if (token.kind !== 'placeholder') {
      for (const result of results) result.push(token);
      continue;
    }
    const replacements = Object.hasOwn(placeholders, token.name) ? placeholders[token.name] : undefined;
    if (replacements === undefined || replacements.length === 0) {
      throw new SigmaProblem(`placeholder %${token.name}% has no configured values`);
    }
    const next: ValueToken[][] = [];
    for (const result of results) {
      for (const replacement of replacements) {
        // Configured values are Sigma strings themselves: wildcards work, placeholders do not nest.
        next.push([...result, ...parseSigmaString(replacement)]);
      }
    }
    if (next.length > MAX_EXPANSION) {
      throw new SigmaProblem(`placeholders expand to more than ${MAX_EXPANSION} values`);
    }
    results = next;
  }
  return results;
}
