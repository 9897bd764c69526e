/**
 * Poly1305 (RFC 8439 §2.5) in plain JavaScript numbers.
 *
 * The accumulator and `r` are held as six 22-bit limbs (132 bits). Every partial product then stays
 * below 2^49.4 and a row of six below 2^52, so all arithmetic is exact in IEEE doubles and no BigInt
 * or 16-bit limb juggling is needed in the block loop: 36 multiplications per 16-byte block instead
 * of the 100 a 13-bit-limb scheme needs. Because 2^132 ≡ 4·5 (mod 2^130 − 5), limbs that wrap around
 * are multiplied by 20. Only the final reduction uses BigInt, once per message.
 *
 * Not constant-time in the sense of a C implementation: no branch or index depends on secret data,
 * but JavaScript gives no guarantees about the JIT. The vault uses it to authenticate its own
 * ciphertext, as @noble/ciphers' implementation was used before.
 */

const LIMB = 4194304; // 2^22
const INV_LIMB = 1 / LIMB;
const MASK = 0x3fffff;
/** The 2^128 bit that every full block carries, as it falls in the top limb (bits 110..131). */
const HIBIT = 1 << 18;
const P = (1n << 130n) - 5n;
const MASK128 = (1n << 128n) - 1n;

const u32 = (b: Uint8Array, o: number): number =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/** Accumulator limbs h0..h5 followed by r0..r5 and the wrapped multipliers 20·r1..20·r5. */
type State = Float64Array;

/** Absorbs the 16-byte blocks of `src[from, to)`; `hibit` is 2^128 for full blocks, 0 for the padded tail. */
function absorb(st: State, src: Uint32Array, from: number, to: number, hibit: number): void {
  let h0 = st[0]!;
  let h1 = st[1]!;
  let h2 = st[2]!;
  let h3 = st[3]!;
  let h4 = st[4]!;
  let h5 = st[5]!;
  const r0 = st[6]!;
  const r1 = st[7]!;
  const r2 = st[8]!;
  const r3 = st[9]!;
  const r4 = st[10]!;
  const r5 = st[11]!;
  const s1 = st[12]!;
  const s2 = st[13]!;
  const s3 = st[14]!;
  const s4 = st[15]!;
  const s5 = st[16]!;
  for (let o = from; o < to; o += 4) {
    const w0 = src[o]!;
    const w1 = src[o + 1]!;
    const w2 = src[o + 2]!;
    const w3 = src[o + 3]!;
    h0 += w0 & MASK;
    h1 += ((w0 >>> 22) | (w1 << 10)) & MASK;
    h2 += ((w1 >>> 12) | (w2 << 20)) & MASK;
    h3 += (w2 >>> 2) & MASK;
    h4 += ((w2 >>> 24) | (w3 << 8)) & MASK;
    h5 += (w3 >>> 14) + hibit;

    const d0 = h0 * r0 + h1 * s5 + h2 * s4 + h3 * s3 + h4 * s2 + h5 * s1;
    let d1 = h0 * r1 + h1 * r0 + h2 * s5 + h3 * s4 + h4 * s3 + h5 * s2;
    let d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s5 + h4 * s4 + h5 * s3;
    let d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s5 + h5 * s4;
    let d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s5;
    let d5 = h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0;

    let c = Math.floor(d0 * INV_LIMB);
    h0 = d0 - c * LIMB;
    d1 += c;
    c = Math.floor(d1 * INV_LIMB);
    h1 = d1 - c * LIMB;
    d2 += c;
    c = Math.floor(d2 * INV_LIMB);
    h2 = d2 - c * LIMB;
    d3 += c;
    c = Math.floor(d3 * INV_LIMB);
    h3 = d3 - c * LIMB;
    d4 += c;
    c = Math.floor(d4 * INV_LIMB);
    h4 = d4 - c * LIMB;
    d5 += c;
    c = Math.floor(d5 * INV_LIMB);
    h5 = d5 - c * LIMB;
    h0 += c * 20;
    c = Math.floor(h0 * INV_LIMB);
    h0 -= c * LIMB;
    h1 += c;
  }
  st[0] = h0;
  st[1] = h1;
  st[2] = h2;
  st[3] = h3;
  st[4] = h4;
  st[5] = h5;
}

function copyOf(msg: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(msg.subarray(0, length));
  return out;
}

/** Whole-word reads assume the host's byte order is little-endian; callers fall back otherwise. */
export const POLY1305_SUPPORTED = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Computes the 16-byte tag of `msg` under the 32-byte one-time key `r ‖ s`. */
export function poly1305(msg: Uint8Array, key: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new RangeError('poly1305 key must be 32 bytes');
  const t0 = u32(key, 0) & 0x0fffffff;
  const t1 = u32(key, 4) & 0x0ffffffc;
  const t2 = u32(key, 8) & 0x0ffffffc;
  const t3 = u32(key, 12) & 0x0ffffffc;
  const r = [
    t0 & MASK,
    ((t0 >>> 22) | (t1 << 10)) & MASK,
    ((t1 >>> 12) | (t2 << 20)) & MASK,
    (t2 >>> 2) & MASK,
    ((t2 >>> 24) | (t3 << 8)) & MASK,
    t3 >>> 14,
  ];
  const st: State = new Float64Array(17);
  st.set(r, 6);
  for (let i = 1; i < 6; i++) st[11 + i] = r[i]! * 20;

  const full = msg.length & ~15;
  // Whole-word reads need 4-byte alignment (and a little-endian host, which Node's targets are);
  // an unaligned message is copied once, which costs far less than byte-wise reads.
  const words =
    (msg.byteOffset & 3) === 0
      ? new Uint32Array(msg.buffer, msg.byteOffset, full >>> 2)
      : new Uint32Array(copyOf(msg, full).buffer, 0, full >>> 2);
  absorb(st, words, 0, full >>> 2, HIBIT);
  if (full < msg.length) {
    const last = new Uint8Array(16);
    last.set(msg.subarray(full));
    last[msg.length - full] = 1;
    absorb(st, new Uint32Array(last.buffer), 0, 4, 0);
  }

  let h = 0n;
  for (let i = 5; i >= 0; i--) h = (h << 22n) + BigInt(st[i]!);
  h %= P;
  const s =
    (BigInt(u32(key, 28)) << 96n) |
    (BigInt(u32(key, 24)) << 64n) |
    (BigInt(u32(key, 20)) << 32n) |
    BigInt(u32(key, 16));
  let tag = (h + s) & MASK128;
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    out[i] = Number(tag & 0xffn);
    tag >>= 8n;
  }
  return out;
}
