import { indexOfAscii, latin1, startsWithAscii, uint16le } from './bytes.js';

const LOCAL_HEADER = 'PK\x03\x04';
const MAX_NAME = 512;

const OOXML_PARTS: ReadonlyArray<readonly [prefix: string, type: string]> = [
  ['word/', 'docx'],
  ['xl/', 'xlsx'],
  ['ppt/', 'pptx'],
];

const ODF_MIMETYPES: ReadonlyArray<readonly [mimetype: string, type: string]> = [
  ['application/vnd.oasis.opendocument.text', 'odt'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ['application/vnd.oasis.opendocument.presentation', 'odp'],
];

/** Entry names of the local headers that lie within the head, in order. */
function entryNames(head: Uint8Array): Array<{ name: string; dataAt: number }> {
  const names: Array<{ name: string; dataAt: number }> = [];
  let at = 0;
  while (at >= 0 && names.length < 64) {
    const nameLength = uint16le(head, at + 26);
    const extraLength = uint16le(head, at + 28);
    if (nameLength === null || extraLength === null || nameLength > MAX_NAME) break;
    names.push({
      name: latin1(head, at + 30, at + 30 + nameLength),
      dataAt: at + 30 + nameLength + extraLength,
    });
    // Entries written with a data descriptor carry no size up front, so look for the next header.
    at = indexOfAscii(head, LOCAL_HEADER, at + 30 + nameLength);
  }
  return names;
}

/**
 * Which zip-based format a zip is, from the entry names its head shows: Office Open XML puts its
 * parts under word/, xl/ or ppt/ (after [Content_Types].xml and _rels/), OpenDocument stores a
 * `mimetype` entry first. Anything else is a plain `zip`.
 */
export function zipKind(head: Uint8Array): string {
  const names = entryNames(head);
  const first = names[0];
  if (first?.name === 'mimetype') {
    for (const [mimetype, type] of ODF_MIMETYPES) {
      if (startsWithAscii(head, mimetype, first.dataAt)) return type;
    }
  }
  for (const { name } of names) {
    for (const [prefix, type] of OOXML_PARTS) if (name.startsWith(prefix)) return type;
  }
  return 'zip';
}
