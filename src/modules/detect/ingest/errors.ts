import { defineErrorCodes } from '../../../kernel/errors.js';

export const DETECT_INGEST_ERRORS = defineErrorCodes({
  DETECT_INGEST_QUEUE_FULL: { status: 503, title: 'The detection event queue is full; retry later' },
  DETECT_INGEST_CLOSED: { status: 503, title: 'Event ingest is shutting down' },
  DETECT_INGEST_UNSUPPORTED_MEDIA: {
    status: 415,
    title: 'Send events as application/x-ndjson or a JSON array',
  },
  DETECT_INGEST_SOURCE_CONFLICT: {
    status: 409,
    title: 'An ingest source of that name exists with another kind',
  },
  DETECT_INGEST_TOO_MANY_SOURCES: { status: 429, title: 'Too many ingest sources' },
  DETECT_INGEST_LISTEN_FAILED: { status: 500, title: 'An ingest listener could not start' },
});
