/**
 * Shannon entropy in bits per byte: 0 for one repeated byte, 8 for uniformly random bytes.
 * Encrypted and well-compressed data sit near 8; documents, text and headers well below.
 */
export function shannonEntropy(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  const counts = new Uint32Array(256);
  for (const byte of bytes) counts[byte] = (counts[byte] ?? 0) + 1;
  let entropy = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / bytes.length;
    entropy -= p * Math.log2(p);
  }
  // Rounding can leave a hair outside [0, 8]; callers compare against thresholds.
  return Math.min(8, Math.max(0, entropy));
}

/**
 * The entropy a sample of `length` random bytes is expected to show. A small sample cannot reach
 * 8 bits even when random (256 bytes of random data measure about 7.2), so "high" must be judged
 * against what the sample size allows (Miller–Madow bias correction, 255 / (2 n ln 2)).
 */
export function randomSampleEntropy(length: number): number {
  if (length <= 0) return 0;
  return Math.max(0, 8 - 255 / (2 * length * Math.LN2));
}
