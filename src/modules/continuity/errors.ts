import { defineErrorCodes } from '../../kernel/errors.js';

/** Codes of the continuity module's own services; each sub-room (fhir, hl7, kit, source) has its own. */
export const CONTINUITY_ERRORS = defineErrorCodes({
  CONTINUITY_PASSPHRASE_UNREADABLE: { status: 500, title: 'A kit passphrase file cannot be read' },
  CONTINUITY_PASSPHRASE_WEAK: { status: 500, title: 'A kit passphrase is too short' },
  CONTINUITY_VIEWER_MISSING: { status: 503, title: 'The offline viewer is not built' },
  CONTINUITY_DEVICE_REVOKED: { status: 403, title: 'The device is revoked' },
  CONTINUITY_DEVICE_SYNC_FAILED: { status: 502, title: 'The device could not pull its kit' },
  CONTINUITY_NO_KIT: { status: 404, title: 'No kit has been built for that scope yet' },
  CONTINUITY_IMPORT_UNREADABLE: { status: 400, title: 'The file is neither a FHIR Bundle nor NDJSON' },
});
