import { defineErrorCodes } from '../../kernel/errors.js';

/** Codes of the sentinel's platform side: its service, API and command line. */
export const SENTINEL_ERRORS = defineErrorCodes({
  SENTINEL_SHARE_UNKNOWN: { status: 404, title: 'No such share is configured for the sentinel' },
  SENTINEL_DETECTION_NOT_FOUND: { status: 404, title: 'No such sentinel detection' },
  SENTINEL_DETECTION_CLOSED: {
    status: 409,
    title: 'The detection was already released, killed or resolved',
  },
  SENTINEL_NO_WRITER: { status: 409, title: 'The detection has no writer process to act on' },
  SENTINEL_ACTION_FAILED: { status: 502, title: 'The sentinel could not carry out the action' },
  SENTINEL_NOT_RUNNING: { status: 409, title: 'The sentinel is not watching that share in this process' },
  SENTINEL_SECRET_UNREADABLE: { status: 500, title: 'A sentinel webhook secret file cannot be read' },
  SENTINEL_WRITER_GONE: {
    status: 409,
    title: 'The stopped writer is gone: its pid is free or belongs to another process now',
  },
  SENTINEL_SHARE_WATCHED: { status: 409, title: 'Another live process watches that share' },
});
