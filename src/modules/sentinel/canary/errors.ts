import { defineErrorCodes } from '../../../kernel/errors.js';

export const SENTINEL_CANARY_ERRORS = defineErrorCodes({
  SENTINEL_CANARY_ROOT_MISSING: { status: 404, title: 'A share root does not exist or is not a directory' },
  SENTINEL_CANARY_NO_EDGE_NAME: { status: 409, title: 'No decoy name sorts first or last in a folder' },
  SENTINEL_CANARY_WRITE_FAILED: { status: 500, title: 'A canary file could not be written' },
});
