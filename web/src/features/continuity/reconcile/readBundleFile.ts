/** Why a chosen file cannot be sent, as a message key the page translates. */
export type BundleFileProblem =
  'continuity.upload.notJson' | 'continuity.upload.notBundle' | 'continuity.upload.tooLarge';

export class BundleFileError extends Error {
  constructor(readonly problem: BundleFileProblem) {
    super(problem);
    this.name = 'BundleFileError';
  }
}

/** A downtime export of a busy unit stays far below this; the server refuses larger bodies anyway. */
export const MAX_BUNDLE_BYTES = 20 * 1024 * 1024;

/**
 * Reads a documentation bundle file far enough to catch the wrong file before uploading it: JSON,
 * a FHIR Bundle. The signature and everything else are the server's to check.
 */
export function parseBundleText(text: string, bytes: number): Record<string, unknown> {
  if (bytes > MAX_BUNDLE_BYTES) throw new BundleFileError('continuity.upload.tooLarge');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BundleFileError('continuity.upload.notJson');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BundleFileError('continuity.upload.notBundle');
  }
  const record = value as Record<string, unknown>;
  if (record['resourceType'] !== 'Bundle') throw new BundleFileError('continuity.upload.notBundle');
  return record;
}

export async function readBundleFile(file: File): Promise<Record<string, unknown>> {
  if (file.size > MAX_BUNDLE_BYTES) throw new BundleFileError('continuity.upload.tooLarge');
  return parseBundleText(await file.text(), file.size);
}
