/**
 * OpenPGP binary packets (RFC 4880 / 9580), as gpg writes them: the first packet of an encrypted
 * message is a session key (tag 1 public-key, tag 3 symmetric), of a signed or compressed one a
 * one-pass signature, signature, compressed or literal packet, of a key file a key packet.
 * One tag bit and a version byte are checked so random bytes rarely pass.
 */
const VERSIONS_BY_TAG: ReadonlyMap<number, readonly number[]> = new Map([
  [1, [3, 6]], // public-key encrypted session key
  [2, [3, 4, 5, 6]], // signature
  [3, [4, 5, 6]], // symmetric-key encrypted session key
  [4, [3, 6]], // one-pass signature
  [5, [4, 5, 6]], // secret key
  [6, [4, 5, 6]], // public key
]);

interface PacketStart {
  tag: number;
  bodyAt: number;
}

function packetStart(head: Uint8Array): PacketStart | null {
  const first = head[0];
  if (first === undefined || (first & 0x80) === 0) return null;
  if ((first & 0x40) !== 0) {
    const length = head[1];
    if (length === undefined) return null;
    const lengthBytes = length < 192 ? 1 : length < 224 ? 2 : length === 255 ? 5 : 1;
    return { tag: first & 0x3f, bodyAt: 1 + lengthBytes };
  }
  const lengthType = first & 0x03;
  const lengthBytes = lengthType === 0 ? 1 : lengthType === 1 ? 2 : lengthType === 2 ? 4 : 0;
  return { tag: (first >> 2) & 0x0f, bodyAt: 1 + lengthBytes };
}

export function isOpenPgpBinary(head: Uint8Array): boolean {
  const start = packetStart(head);
  if (!start) return false;
  const body = head[start.bodyAt];
  if (body === undefined) return false;
  if (start.tag === 8) return body <= 3; // compressed data: algorithm 0–3
  if (start.tag === 11) return [0x62, 0x74, 0x75, 0x6c, 0x31].includes(body); // literal: b t u l 1
  const versions = VERSIONS_BY_TAG.get(start.tag);
  if (!versions?.includes(body)) return false;
  if (start.tag === 3 && body === 4) {
    const cipher = head[start.bodyAt + 1];
    return cipher !== undefined && cipher >= 1 && cipher <= 13;
  }
  return true;
}
