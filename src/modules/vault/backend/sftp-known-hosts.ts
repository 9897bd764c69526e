import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** One usable line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null;
  /** Comma-separated patterns, or one `|1|salt|hash` hashed name. */
  hosts: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed' | 'revoked';

/** OpenSSH's fingerprint form: `SHA256:` and unpadded base64 of the key blob's SHA-256. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Lines that cannot be understood are skipped, as ssh skips them: a stray line must not lock anyone out. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/[ \t]+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else continue;
    }
    const [hosts, keyType, keyText] = fields;
    if (!hosts || !keyType || !keyText || !BASE64.test(keyText)) continue;
    const key = Buffer.from(keyText, 'base64');
    if (key.length === 0) continue;
    out.push({ marker, hosts, keyType, key });
  }
  return out;
}

/** How ssh names a host in known_hosts: bare on port 22, `[host]:port` otherwise. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatches(pattern: string, name: string): boolean {
  let regex = '^';
  for (const ch of pattern) {
    if (ch === '*') regex += '.*';
    else if (ch === '?') regex += '.';
    else regex += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`${regex}$`, 'i').test(name);
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const expected = Buffer.from(parts[3] ?? '', 'base64');
  const actual = createHmac('sha1', salt).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** ssh's rule: any negated pattern that matches excludes the host, whatever else matches. */
function hostsMatch(hosts: string, name: string): boolean {
  if (hosts.startsWith('|')) return hashedMatches(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatches(pattern.slice(1), name)) return false;
    } else if (globMatches(pattern, name)) matched = true;
  }
  return matched;
}

/**
 * Judges a server's key blob against known_hosts: trusted when a line for the host has exactly this
 * key; changed when the host is listed only with other keys (a possible man in the middle);
 * revoked when an `@revoked` line names the key.
 */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const name = hostKeyName(host, port);
  let listed = false;
  let trusted = false;
  for (const entry of entries) {
    if (entry.marker === 'revoked') {
      if (entry.key.equals(key)) return 'revoked';
      continue;
    }
    // Certificates are not supported; a CA line neither trusts nor distrusts a plain key.
    if (entry.marker === 'cert-authority' || !hostsMatch(entry.hosts, name)) continue;
    listed = true;
    if (entry.key.equals(key)) trusted = true;
  }
  if (trusted) return 'trusted';
  return listed ? 'changed' : 'unknown';
}
