/** One `key=value` of an audit record; `quoted` says whether auditd put the value in quotes. */
export interface AuditPair {
  readonly key: string;
  readonly value: string;
  readonly quoted: boolean;
  /** Pairs inside msg='…' or SADDR={ … }, which some record types nest. */
  readonly nested?: readonly AuditPair[];
}

const MAX_PAIRS = 512;

/**
 * Splits the body of an audit record into pairs in one left-to-right pass (no backtracking, so no
 * input can make it slow). auditd never puts a quote inside a quoted value — such strings are
 * hex-encoded instead — so a value ends at its closing quote. Words without `=` are skipped.
 */
export function tokenizeAuditBody(body: string, depth = 0): AuditPair[] {
  const pairs: AuditPair[] = [];
  let i = 0;
  while (i < body.length && pairs.length < MAX_PAIRS) {
    while (i < body.length && isSpace(body.charCodeAt(i))) i += 1;
    const keyStart = i;
    while (i < body.length && body[i] !== '=' && !isSpace(body.charCodeAt(i))) i += 1;
    if (i >= body.length || body[i] !== '=') continue;
    const key = body.slice(keyStart, i);
    i += 1;
    const open = body[i];
    if (open === '"' || open === "'") {
      const close = body.indexOf(open, i + 1);
      const end = close === -1 ? body.length : close;
      const value = body.slice(i + 1, end);
      i = end + 1;
      pairs.push(nestedPair(key, value, true, open === "'" && depth === 0));
    } else if (open === '{' && depth === 0) {
      const close = body.indexOf('}', i + 1);
      const end = close === -1 ? body.length : close;
      const value = body.slice(i + 1, end).trim();
      i = end + 1;
      pairs.push(nestedPair(key, value, false, true));
    } else {
      const valueStart = i;
      while (i < body.length && !isSpace(body.charCodeAt(i))) i += 1;
      if (key !== '') pairs.push({ key, value: body.slice(valueStart, i), quoted: false });
    }
  }
  return pairs;
}

function nestedPair(key: string, value: string, quoted: boolean, nest: boolean): AuditPair {
  if (!nest || !value.includes('=')) return { key, value, quoted };
  return { key, value, quoted, nested: tokenizeAuditBody(value, 1) };
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
