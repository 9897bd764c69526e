/**
 * A SOCKADDR record's `saddr` (the raw struct sockaddr in hex) as auditd's enriched format spells
 * it: saddr_fam (inet, inet6, local), laddr and lport, or path for a local socket.
 */
export interface DecodedSockaddr {
  readonly saddr_fam: string;
  readonly laddr?: string;
  readonly lport?: string;
  readonly path?: string;
}

export function decodeSockaddr(hex: string): DecodedSockaddr | undefined {
  if (hex.length > 512 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) return undefined;
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 2) return undefined;
  // sa_family is in host byte order; audit logs come from little-endian x86-64 and arm64 hosts.
  const family = bytes.readUInt16LE(0);
  if (family === 2 && bytes.length >= 8) {
    return {
      saddr_fam: 'inet',
      lport: String(bytes.readUInt16BE(2)),
      laddr: [...bytes.subarray(4, 8)].join('.'),
    };
  }
  if (family === 10 && bytes.length >= 24) {
    return {
      saddr_fam: 'inet6',
      lport: String(bytes.readUInt16BE(2)),
      laddr: formatIpv6(bytes.subarray(8, 24)),
    };
  }
  if (family === 1) {
    const raw = bytes.subarray(2);
    const abstract = raw[0] === 0;
    const body = abstract ? raw.subarray(1) : raw;
    const end = body.indexOf(0);
    const path = body.subarray(0, end === -1 ? body.length : end).toString('utf8');
    return { saddr_fam: 'local', path: abstract ? `@${path}` : path };
  }
  return undefined;
}

export function formatIpv6(address: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((address[i] ?? 0) << 8) | (address[i + 1] ?? 0));
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `::ffff:${[...address.subarray(12, 16)].join('.')}`;
  }
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8;) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const text = groups.map((group) => group.toString(16));
  if (bestLength < 2) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}
