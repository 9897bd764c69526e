/** IPv4 and IPv6 addresses and networks, as 32-bit words, for the `cidr` modifier. */
import type { Cidr } from './rule-model.js';

/** An address as words: one for IPv4, four for IPv6. IPv4-mapped IPv6 comes back as IPv4. */
export function parseIp(text: string): number[] | undefined {
  const zone = text.indexOf('%');
  const address = zone >= 0 ? text.slice(0, zone) : text;
  if (address.includes(':')) {
    const words = parseIpv6(address);
    if (words && words[0] === 0 && words[1] === 0 && words[2] === 0xffff) return [words[3] ?? 0];
    return words;
  }
  const v4 = parseIpv4(address);
  return v4 === undefined ? undefined : [v4];
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value >>> 0;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): number[] | undefined => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push((((all[i] ?? 0) << 16) | (all[i + 1] ?? 0)) >>> 0);
  return words;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = slash >= 0 ? text.slice(0, slash) : text;
  const words = address.includes(':') ? parseIpv6(address) : [parseIpv4(address)];
  if (!words || words.some((w) => w === undefined)) return undefined;
  const version = words.length === 1 ? 4 : 6;
  const max = version === 4 ? 32 : 128;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : String(max);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > max) return undefined;
  return { version, words: maskWords(words as number[], prefix), prefix, text };
}

function maskWords(words: readonly number[], prefix: number): number[] {
  return words.map((word, i) => {
    const bits = Math.min(32, Math.max(0, prefix - i * 32));
    return bits === 0 ? 0 : bits === 32 ? word : (word & ~(0xffffffff >>> bits)) >>> 0;
  });
}

export function cidrContains(network: Cidr, address: readonly number[]): boolean {
  if (address.length !== network.words.length) return false;
  for (let i = 0; i < address.length; i++) {
    const bits = Math.min(32, Math.max(0, network.prefix - i * 32));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : ~(0xffffffff >>> bits);
    if (((address[i] ?? 0) & mask) >>> 0 !== network.words[i]) return false;
  }
  return true;
}
