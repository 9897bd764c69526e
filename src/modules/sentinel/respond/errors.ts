import { defineErrorCodes } from '../../../kernel/errors.js';

export const SENTINEL_RESPOND_ERRORS = defineErrorCodes({
  SENTINEL_RESPOND_SCRIPT_INVALID: {
    status: 400,
    title: 'The stop script must be an absolute path to a file',
  },
  SENTINEL_RESPOND_WEBHOOK_INVALID: { status: 400, title: 'The stop webhook must be an http or https URL' },
});
