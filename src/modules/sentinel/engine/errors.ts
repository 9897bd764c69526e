import { defineErrorCodes } from '../../../kernel/errors.js';

export const SENTINEL_ENGINE_ERRORS = defineErrorCodes({
  SENTINEL_WATCH_INCOMPLETE: {
    status: 503,
    title: 'The sentinel cannot watch the whole share, so it does not claim to watch it',
  },
  SENTINEL_SHARE_INVALID: { status: 400, title: 'The share to watch is not a readable directory' },
});
