import { basename, dirname, extname } from 'node:path';

/**
 * Extensions of files people keep (documents, media, archives, medical and data formats) and of
 * the temporary and backup names editors and tools use. A rename to anything else, from a file
 * people keep, is what encryptors do (`report.pdf` → `report.pdf.lockbit`).
 */
const KNOWN = new Set(
  (
    'pdf doc docx docm dot dotx xls xlsx xlsm xlsb xlt xltx ppt pptx pptm pps ppsx odt ods odp odg rtf txt text md ' +
    'csv tsv xml json yaml yml html htm xhtml css js ts log ini cfg conf eml msg pst ost vsd vsdx one pub ' +
    'png jpg jpeg jpe gif bmp tif tiff webp svg heic heif ico raw dng psd ai eps ' +
    'mp3 wav wma aac flac ogg m4a mp4 m4v mov avi wmv mkv webm mpg mpeg 3gp ' +
    'zip 7z rar gz tgz bz2 tbz2 xz txz zst zstd lz4 br age tar cab iso jar war apk ' +
    'dcm dicom hl7 ccd cda fhir nii mha ecg sql sqlite db mdb accdb dbf bak old orig save sav backup ' +
    'tmp temp swp swo part crdownload download gpg pgp asc sig p7m p7s ' +
    'exe dll msi sh bat ps1 py rb pl php java c h cpp go rs vbs lnk url desktop'
  ).split(' '),
);

/** Log rotation (`app.log.1`, `app.log-20260101`, `app.log.2026-01-01`) and editor backups (`x~`). */
const ROTATION = /^(\d{1,8}|\d{4}-?\d{2}-?\d{2}([-_T]?\d{2,6})?)$/;

/** The extension without its dot, lower-cased; '' when the name has none. */
export function extensionOf(path: string): string {
  return extname(path).slice(1).toLowerCase();
}

export function isKnownExtension(extension: string): boolean {
  const bare = extension.replace(/~+$/, '');
  return bare === '' || KNOWN.has(bare) || ROTATION.test(bare) || /-\d{8}$/.test(bare);
}

/**
 * A rename from a kept file to a new, unknown extension: the new name keeps or replaces the old
 * one's stem and ends in something no ordinary tool writes.
 */
export function renameToUnknownExtension(oldPath: string, newPath: string): boolean {
  const oldExtension = extensionOf(oldPath);
  const newExtension = extensionOf(newPath);
  if (oldExtension === '' || !KNOWN.has(oldExtension)) return false;
  if (newExtension === '' || newExtension === oldExtension) return false;
  return !isKnownExtension(newExtension);
}

/**
 * Whether `candidate` is a copy of `original` under an added or swapped extension in the same
 * folder (`x.pdf` → `x.pdf.locked`, `x.pdf` → `x.locked`, `x.pdf` → `x.pdf.id-1F.[mail].crypt`).
 */
export function isRenamedCopyOf(candidate: string, original: string): boolean {
  if (candidate === original || dirname(candidate) !== dirname(original)) return false;
  const candidateName = basename(candidate);
  const originalName = basename(original);
  if (candidateName.startsWith(`${originalName}.`)) return !isKnownExtension(extensionOf(candidate));
  const stem = originalName.slice(0, originalName.length - extname(originalName).length);
  return (
    stem !== '' &&
    candidateName === `${stem}${extname(candidate)}` &&
    !isKnownExtension(extensionOf(candidate))
  );
}

/** Names editors give the copies they save through and then delete (`~WRL0001.tmp`, `~$rota.docx`). */
export function isTemporaryName(path: string): boolean {
  const name = basename(path);
  return name.startsWith('~') || /\.(tmp|temp|swp|swo|part|crdownload)$/i.test(name);
}
