import { defineErrorCodes } from '../../../kernel/errors.js';

export const PIPELINE_ERRORS = defineErrorCodes({
  DETECT_PIPELINE_INVALID: { status: 400, title: 'The processing pipeline file is not valid' },
  DETECT_PIPELINE_NOT_FOUND: { status: 404, title: 'No processing pipeline by that name' },
});
