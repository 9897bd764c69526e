/**
 * What literal text a detection item needs in its field: per value, the needles one of which must
 * be found for the value to match. The prefilter's atoms are built from these.
 */
import { regexLiterals, type DetectionItem, type SigmaString } from '../sigma/index.js';

/** Text an event field must contain, or (exact) be equal to once lowercased. */
export interface Needle {
  readonly text: string;
  readonly exact: boolean;
}

/** Per value of the item: the needles one of which must be found (null: the value needs none). */
export function itemNeedles(item: DetectionItem): (readonly Needle[] | null)[] {
  if (item.negate || item.timePart !== undefined) return [];
  switch (item.match.kind) {
    case 'pattern':
      return item.match.values.map((value) => {
        const [only] = value;
        // A fully literal value matches only a field equal to it (cased: ASCII only, see longestRun).
        if (item.field !== null && (value.length === 0 || (value.length === 1 && only?.kind === 'text'))) {
          const text = only?.kind === 'text' ? only.text : '';
          if (!item.cased || isAscii(text)) return [{ text: text.toLowerCase(), exact: true }];
        }
        const run = longestRun(value, item.cased);
        return run === '' ? null : [{ text: run, exact: false }];
      });
    case 'regex':
      return item.match.values.map((spec) => {
        const literals = regexLiterals(spec.source, spec.flags.includes('i'));
        return literals && literals.map((text) => ({ text, exact: false }));
      });
    case 'cidr':
    case 'compare':
    case 'exists':
    case 'fieldref':
    case 'null':
      return [];
  }
}

/**
 * The longest stretch of literal text, lowercased. For case-sensitive values only ASCII stretches
 * count: lowercasing other scripts can depend on context and would break "atom is a substring".
 */
export function longestRun(value: SigmaString, cased: boolean): string {
  let best = '';
  let current = '';
  const consider = (): void => {
    if (current.length > best.length) best = current;
    current = '';
  };
  for (const token of value) {
    if (token.kind !== 'text') {
      consider();
      continue;
    }
    if (!cased) {
      current += token.text.toLowerCase();
      continue;
    }
    for (const char of token.text) {
      if (char.charCodeAt(0) < 128) current += char.toLowerCase();
      else consider();
    }
  }
  consider();
  return best;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}
