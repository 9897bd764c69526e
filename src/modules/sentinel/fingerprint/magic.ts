import { indexOfAscii, startsWith, startsWithAscii, uint32le } from './bytes.js';
import { isOpenPgpBinary } from './pgp.js';
import { zipKind } from './zip-kind.js';

/** One binary format: how its head begins. Order matters only where signatures overlap. */
interface Magic {
  type: string;
  matches(head: Uint8Array): boolean;
}

const prefix = (type: string, bytes: readonly number[], offset = 0): Magic => ({
  type,
  matches: (head) => startsWith(head, bytes, offset),
});
const text = (type: string, value: string, offset = 0): Magic => ({
  type,
  matches: (head) => startsWithAscii(head, value, offset),
});

/** A BMP header has zero reserved words and a known DIB header size; "BM" alone is too common. */
function isBmp(head: Uint8Array): boolean {
  if (!startsWithAscii(head, 'BM')) return false;
  const reserved = uint32le(head, 6);
  const dibSize = uint32le(head, 14);
  return reserved === 0 && dibSize !== null && [12, 40, 52, 56, 64, 108, 124].includes(dibSize);
}

/** A PE image: an MZ stub whose e_lfanew points at "PE\0\0" (or past the head, when it is large). */
function isPe(head: Uint8Array): boolean {
  if (!startsWithAscii(head, 'MZ')) return false;
  const peOffset = uint32le(head, 0x3c);
  if (peOffset === null || peOffset < 0x40) return false;
  return startsWithAscii(head, 'PE\0\0', peOffset);
}

/** MPEG audio: an ID3 tag, or a frame sync with a valid layer and bitrate (weak: see WEAK_TYPES). */
function isMp3(head: Uint8Array): boolean {
  if (startsWithAscii(head, 'ID3') && (head[3] ?? 0xff) < 0x0a) return true;
  const [first, second, third] = [head[0], head[1], head[2]];
  if (first !== 0xff || second === undefined || third === undefined) return false;
  const syncVersionLayer = (second & 0xe0) === 0xe0 && (second & 0x18) !== 0x08 && (second & 0x06) !== 0;
  const bitrate = third >> 4;
  return syncVersionLayer && bitrate !== 0 && bitrate !== 0x0f && (third & 0x0c) !== 0x0c;
}

function isRiff(head: Uint8Array, form: string): boolean {
  return startsWithAscii(head, 'RIFF') && startsWithAscii(head, form, 8);
}

const MAGICS: readonly Magic[] = [
  text('pdf', '%PDF-'),
  { type: 'zip', matches: (head) => startsWith(head, [0x50, 0x4b]) && [3, 5, 7].includes(head[2] ?? 0) },
  prefix('gzip', [0x1f, 0x8b, 0x08]),
  {
    type: 'bzip2',
    matches: (head) => startsWithAscii(head, 'BZh') && (head[3] ?? 0) >= 0x31 && (head[3] ?? 0) <= 0x39,
  },
  prefix('xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
  prefix('zstd', [0x28, 0xb5, 0x2f, 0xfd]),
  // LZ4 frame format, then the legacy format `lz4 -l` still writes.
  prefix('lz4', [0x04, 0x22, 0x4d, 0x18]),
  prefix('lz4', [0x02, 0x21, 0x4c, 0x18]),
  // age (binary and armoured) and `openssl enc` with a salt: encrypted containers that say so.
  text('age', 'age-encryption.org/v'),
  text('age', '-----BEGIN AGE ENCRYPTED FILE-----'),
  text('openssl', 'Salted__'),
  prefix('7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
  text('rar', 'Rar!\x1a\x07'),
  prefix('png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  prefix('jpeg', [0xff, 0xd8, 0xff]),
  text('gif', 'GIF87a'),
  text('gif', 'GIF89a'),
  { type: 'bmp', matches: isBmp },
  prefix('tiff', [0x49, 0x49, 0x2a, 0x00]),
  prefix('tiff', [0x4d, 0x4d, 0x00, 0x2a]),
  { type: 'webp', matches: (head) => isRiff(head, 'WEBP') },
  { type: 'wav', matches: (head) => isRiff(head, 'WAVE') },
  { type: 'avi', matches: (head) => isRiff(head, 'AVI ') },
  text('mp4', 'ftyp', 4),
  text('dicom', 'DICM', 128),
  text('sqlite', 'SQLite format 3\0'),
  prefix('ole2', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  text('rtf', '{\\rtf'),
  prefix('elf', [0x7f, 0x45, 0x4c, 0x46]),
  { type: 'pe', matches: isPe },
  text('pgp', '-----BEGIN PGP '),
  // Readers accept a PDF header anywhere in the first KiB; a container that stores a PDF verbatim
  // (zstd and lz4 keep incompressible blocks raw) declares itself first, above.
  { type: 'pdf', matches: (head) => indexOfAscii(head, '%PDF-', 0, 1024) >= 0 },
  { type: 'mp3', matches: isMp3 },
  { type: 'pgp', matches: isOpenPgpBinary },
];

/** The binary format a head declares, or null; zips are refined into their Office kinds. */
export function binaryType(head: Uint8Array): string | null {
  const magic = MAGICS.find((candidate) => candidate.matches(head));
  if (!magic) return null;
  if (magic.type === 'zip') return zipKind(head);
  return magic.type;
}
