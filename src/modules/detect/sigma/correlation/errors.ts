import { defineErrorCodes } from '../../../../kernel/errors.js';

export const DETECT_CORRELATION_ERRORS = defineErrorCodes({
  DETECT_CORRELATION_SNAPSHOT_INVALID: {
    status: 400,
    title: 'The correlation state snapshot is not valid',
  },
});
