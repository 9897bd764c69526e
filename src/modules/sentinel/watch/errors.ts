import { defineErrorCodes } from '../../../kernel/errors.js';

/** Codes of the sentinel's watchers. */
export const SENTINEL_WATCH_ERRORS = defineErrorCodes({
  SENTINEL_FANOTIFY_UNAVAILABLE: { status: 503, title: 'fanotify is not available for the sentinel' },
  SENTINEL_WATCH_ROOT_INVALID: { status: 400, title: 'A watched share root is not an existing directory' },
  SENTINEL_WATCHER_STATE: { status: 409, title: 'The watcher was already started or is closed' },
});
