import { randomSampleEntropy, SAMPLE_BYTES, WEAK_TYPES } from '../fingerprint/index.js';
import type { Fingerprint } from '../types.js';
import { HIGH_ENTROPY, LOW_ENTROPY, MIN_ENTROPY_SAMPLE } from './weights.js';

/**
 * Types that legitimately turn into one another when a file is saved again: an Office document
 * is a zip and may be re-saved from the legacy format; text kinds shade into each other; images
 * are re-encoded; compressors are swapped. A change inside a family is ordinary work.
 */
const FAMILIES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'ole2', 'rtf']),
  new Set(['text', 'html', 'xml', 'json', 'rtf']),
  new Set(['png', 'jpeg', 'gif', 'bmp', 'tiff', 'webp']),
  new Set(['gzip', 'bzip2', 'xz', 'zstd', 'lz4', '7z', 'rar', 'zip']),
  new Set(['pgp', 'age', 'openssl']),
  new Set(['mp3', 'mp4', 'wav', 'avi']),
  new Set(['elf', 'pe']),
];

const TEXT_FAMILY = FAMILIES[1] ?? new Set<string>();

/**
 * Compressed and encrypted containers that declare themselves: a tool that writes one and removes
 * the original (gzip, xz, zstd/lz4 --rm, gpg, age, openssl enc -salt) is doing ordinary work.
 */
export const CONTAINERS: ReadonlySet<string> = new Set([
  'gzip',
  'bzip2',
  'xz',
  'zstd',
  'lz4',
  '7z',
  'rar',
  'zip',
  'pgp',
  'age',
  'openssl',
]);

/**
 * Types whose content is mostly low-entropy structure or text: encrypted bytes inside one that
 * keeps its type are a partial encryption. Never types that are compressed by nature.
 */
export const LOW_ENTROPY_TYPES: ReadonlySet<string> = new Set(['text', 'pdf', 'html', 'xml', 'json', 'rtf']);

export function isTextual(type: string): boolean {
  return TEXT_FAMILY.has(type);
}

export function sameFamily(before: string, after: string): boolean {
  return before === after || FAMILIES.some((family) => family.has(before) && family.has(after));
}

function sampleLength(size: number): number {
  return Math.min(size, SAMPLE_BYTES);
}

/** High entropy for its sample size: what encrypted or compressed bytes look like. */
export function isHighEntropy(entropy: number, size: number): boolean {
  const length = sampleLength(size);
  if (length < MIN_ENTROPY_SAMPLE) return false;
  return entropy > Math.min(HIGH_ENTROPY, randomSampleEntropy(length) - 0.3);
}

export function looksOpaque(fingerprint: Fingerprint): boolean {
  return (
    isHighEntropy(fingerprint.headEntropy, fingerprint.size) ||
    isHighEntropy(fingerprint.tailEntropy, fingerprint.size)
  );
}

/** Some part of the file held structure (an index, a header, text). */
export function hadStructure(fingerprint: Fingerprint): boolean {
  if (sampleLength(fingerprint.size) < MIN_ENTROPY_SAMPLE) return false;
  return fingerprint.headEntropy < LOW_ENTROPY || fingerprint.tailEntropy < LOW_ENTROPY;
}

/**
 * The type that counts for judgement: a weak signature found in high-entropy bytes is chance, so
 * it counts as `unknown`.
 */
export function effectiveType(fingerprint: Fingerprint): string {
  return WEAK_TYPES.has(fingerprint.type) && looksOpaque(fingerprint) ? 'unknown' : fingerprint.type;
}

/** A type worth defending: a real signature (not empty, unknown or a weak match). */
export function isRecognisable(type: string): boolean {
  return type !== 'unknown' && type !== 'empty' && !WEAK_TYPES.has(type);
}
