/**
 * A Sigma string value as a token list: plain text, the two wildcards, the windash character class
 * and (only under `expand`) placeholders. Modifiers rewrite token lists; the engine compiles them.
 */
export type ValueToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  /** Any of the dash-like characters the `windash` modifier makes interchangeable. */
  | { readonly kind: 'dash' }
  | { readonly kind: 'placeholder'; readonly name: string };

export type SigmaString = readonly ValueToken[];

const STAR: ValueToken = { kind: 'star' };
const ONE: ValueToken = { kind: 'one' };

/**
 * Reads a rule value. A backslash escapes `*`, `?` and itself; before any other character it is a
 * plain backslash, so `C:\Windows` needs no doubling. With `placeholders`, `%name%` becomes a
 * placeholder and `\%` a plain percent sign.
 */
export function parseSigmaString(raw: string, placeholders = false): SigmaString {
  const tokens: ValueToken[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const next = raw[i + 1];
      if (next === '*' || next === '?' || next === '\\' || (placeholders && next === '%')) {
        text += next;
        i++;
      } else {
        text += c;
      }
    } else if (c === '*') {
      flush();
      tokens.push(STAR);
    } else if (c === '?') {
      flush();
      tokens.push(ONE);
    } else if (c === '%' && placeholders) {
      const end = raw.indexOf('%', i + 1);
      const name = end > i + 1 ? raw.slice(i + 1, end) : '';
      if (name !== '' && !/[\s%*?\\]/.test(name)) {
        flush();
        tokens.push({ kind: 'placeholder', name });
        i = end;
      } else {
        text += c;
      }
    } else {
      text += c;
    }
  }
  flush();
  return tokens;
}

export function plainString(text: string): SigmaString {
  return text === '' ? [] : [{ kind: 'text', text }];
}

/** The value as plain text when it holds nothing but text, else undefined. */
export function asPlainText(value: SigmaString): string | undefined {
  let out = '';
  for (const token of value) {
    if (token.kind !== 'text') return undefined;
    out += token.text;
  }
  return out;
}

export function withLeadingStar(value: SigmaString): SigmaString {
  return value[0]?.kind === 'star' ? value : [STAR, ...value];
}

export function withTrailingStar(value: SigmaString): SigmaString {
  return value[value.length - 1]?.kind === 'star' ? value : [...value, STAR];
}

export function hasPlaceholder(value: SigmaString): boolean {
  return value.some((token) => token.kind === 'placeholder');
}

/** Joins adjacent text tokens and collapses runs of stars, so equal values have equal token lists. */
export function normaliseSigmaString(value: SigmaString): SigmaString {
  const out: ValueToken[] = [];
  for (const token of value) {
    const last = out[out.length - 1];
    if (token.kind === 'text' && last?.kind === 'text') {
      out[out.length - 1] = { kind: 'text', text: last.text + token.text };
    } else if (token.kind === 'star' && last?.kind === 'star') {
      continue;
    } else if (token.kind !== 'text' || token.text !== '') {
      out.push(token);
    }
  }
  return out;
}

export { ONE as ONE_TOKEN, STAR as STAR_TOKEN };
