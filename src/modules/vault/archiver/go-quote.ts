/**
 * restic passes node names through Go's strconv.Quote (minus the outer quotes) before JSON
 * encoding, so a name with a quote, backslash or control character is escaped twice on disk. Names
 * must be read back with the matching unquote or restic and Lifeline disagree about file names.
 * Names here are JS strings: bytes that are not valid UTF-8 decode to U+FFFD.
 */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

export function goQuoteName(name: string): string {
  let out = '';
  for (const ch of name) {
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) {
      out += short;
      continue;
    }
    if (PRINTABLE.test(ch)) {
      out += ch;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out;
}

const SIMPLE: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '"': 34,
  "'": 39,
};

/** Inverse of goQuoteName; returns null when the text is not a valid Go-quoted body. */
export function goUnquoteName(quoted: string): string | null {
  if (!quoted.includes('\\')) return quoted.includes('"') ? null : quoted;
  const bytes: number[] = [];
  const pushText = (text: string): void => {
    for (const b of Buffer.from(text, 'utf8')) bytes.push(b);
  };
  let i = 0;
  while (i < quoted.length) {
    const ch = quoted[i] ?? '';
    if (ch === '"') return null;
    if (ch !== '\\') {
      const cp = quoted.codePointAt(i) ?? 0;
      const s = String.fromCodePoint(cp);
      pushText(s);
      i += s.length;
      continue;
    }
    const kind = quoted[i + 1];
    if (kind === undefined) return null;
    const simple = SIMPLE[kind];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    const hexLen = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = quoted.slice(i + 2, i + 2 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) return null;
      const value = parseInt(hex, 16);
      if (kind === 'x') bytes.push(value);
      else if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) return null;
      else pushText(String.fromCodePoint(value));
      i += 2 + hexLen;
      continue;
    }
    const oct = quoted.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(oct) && parseInt(oct, 8) < 256) {
      bytes.push(parseInt(oct, 8));
      i += 4;
      continue;
    }
    return null;
  }
  return Buffer.from(bytes).toString('utf8');
}
