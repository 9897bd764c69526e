import { basename, extname } from 'node:path';
import { WEAK_TYPES } from '../fingerprint/index.js';
import type { Fingerprint } from '../types.js';
import { extensionOf, isRenamedCopyOf } from './extensions.js';
import {
  CONTAINERS,
  effectiveType,
  hadStructure,
  isRecognisable,
  looksOpaque,
  sameFamily,
} from './type-families.js';
import { COPY_SIZE_SHARE, COPY_SIZE_SLACK } from './weights.js';

/** A new file that may stand in for an original its writer deletes: where it is, how big. */
export interface CopyCandidate {
  at: number;
  size: number;
}

/** Extensions of formats with no magic bytes: typeless noise is what they should hold. */
const MAGICLESS = new Set(['br']);

/** What a file under an extension should begin with, where the extension promises a signature. */
const EXPECTED: ReadonlyMap<string, string> = new Map([
  ['pdf', 'pdf'],
  ['zip', 'zip'],
  ['docx', 'docx'],
  ['xlsx', 'xlsx'],
  ['pptx', 'pptx'],
  ['doc', 'ole2'],
  ['xls', 'ole2'],
  ['jpg', 'jpeg'],
  ['jpeg', 'jpeg'],
  ['png', 'png'],
  ['gif', 'gif'],
  ['gz', 'gzip'],
  ['tgz', 'gzip'],
  ['bz2', 'bzip2'],
  ['xz', 'xz'],
  ['zst', 'zstd'],
  ['lz4', 'lz4'],
  ['7z', '7z'],
  ['rar', 'rar'],
  ['gpg', 'pgp'],
  ['pgp', 'pgp'],
  ['asc', 'pgp'],
  ['age', 'age'],
  ['dcm', 'dicom'],
]);

/**
 * Whether a new file is opaque: noise with no type (or a weak one its name does not explain), or a
 * type its extension contradicts. Declared containers (gzip, xz, zstd, lz4, gpg, age, openssl
 * salted) are ordinary tools' output and never opaque.
 */
export function isOpaqueCopy(path: string, fingerprint: Fingerprint): boolean {
  if (!looksOpaque(fingerprint)) return false;
  const extension = extensionOf(path);
  const expected = EXPECTED.get(extension);
  // gpg's binary output is noise behind a weak signature: its name is what vouches for it.
  if (WEAK_TYPES.has(fingerprint.type) && expected === fingerprint.type) return false;
  const type = effectiveType(fingerprint);
  if (type === 'unknown') return !MAGICLESS.has(extension);
  if (CONTAINERS.has(type)) return false;
  return expected !== undefined && !sameFamily(expected, type);
}

/** `x.pdf` and `x.pdf.bak`, `x.bak`, `x.zip`, `other/x.pdf`: the copy keeps the original's name. */
function keepsName(copy: string, original: string): boolean {
  const copyName = basename(copy);
  const originalName = basename(original);
  if (copyName === originalName || copyName.startsWith(`${originalName}.`)) return true;
  const stem = originalName.slice(0, originalName.length - extname(originalName).length);
  return stem !== '' && copyName.startsWith(`${stem}.`);
}

function aboutTheSameSize(copy: number, original: number): boolean {
  return Math.abs(copy - original) <= Math.max(COPY_SIZE_SLACK, original * COPY_SIZE_SHARE);
}

/** The first cheap test, before the full one, over many recent files. */
export function mayPair(copy: string, original: string): boolean {
  const stem = basename(original).split('.')[0] ?? '';
  return basename(copy).startsWith(stem);
}

/**
 * Whether an opaque copy stands in for a deleted original: in the same folder under an unknown
 * extension (any size), or anywhere on the share under its name when it is about the original's
 * size. An original that was itself typeless noise proves nothing: moving noise is not encrypting.
 */
export function isPair(
  copyPath: string,
  copy: CopyCandidate,
  originalPath: string,
  original: Fingerprint,
): boolean {
  if (copyPath === originalPath || original.type === 'empty') return false;
  if (isRenamedCopyOf(copyPath, originalPath)) return true;
  if (!isRecognisable(effectiveType(original)) && !hadStructure(original)) return false;
  return keepsName(copyPath, originalPath) && aboutTheSameSize(copy.size, original.size);
}
