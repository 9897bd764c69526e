import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamManager,
  nanos,
  RetentionPolicy,
  StorageType,
} from 'nats';
import { JETSTREAM_ERRORS, apiErrorCode, consumerInfoOrNull } from '../../../kernel/bus/nats-admin.js';
import { streamError } from './errors.js';
import { eventsSubject, partitionSubjects, type StreamLayout } from './settings.js';

const STREAM_NOT_FOUND = JETSTREAM_ERRORS.streamNotFound;
const STREAM_NAME_IN_USE = JETSTREAM_ERRORS.streamNameInUse;
const SUBJECTS_OVERLAP = JETSTREAM_ERRORS.subjectsOverlap;

export interface StreamLimits {
  /** Unprocessed events older than this are dropped. Default 7 days. */
  readonly maxAgeMs?: number;
  /** A full stream refuses new events (ingest sees the error) rather than dropping unread ones. */
  readonly maxBytes?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Window in which JetStream drops a second publish with the same message id (a retried publish). */
const DUPLICATE_WINDOW_MS = 120_000;

/**
 * Creates the detection stream on first use, as a work queue: a message is gone once its one
 * consumer acknowledges it, so the stream holds only the backlog. Whoever loses a creation race finds
 * the stream made; an existing stream keeps its operator-set limits.
 */
export async function ensureDetectStream(
  jsm: JetStreamManager,
  layout: StreamLayout,
  limits: StreamLimits = {},
): Promise<void> {
  const subjects = [eventsSubject(layout), partitionSubjects(layout)];
  let existing: string[] | null = null;
  try {
    existing = (await jsm.streams.info(layout.stream)).config.subjects ?? [];
  } catch (err) {
    if (apiErrorCode(err) !== STREAM_NOT_FOUND) throw err;
  }
  try {
    if (existing) {
      const missing = subjects.filter((subject) => !existing.includes(subject));
      if (missing.length > 0)
        await jsm.streams.update(layout.stream, { subjects: [...existing, ...missing] });
      return;
    }
    await jsm.streams.add({
      name: layout.stream,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
      max_age: nanos(limits.maxAgeMs ?? 7 * DAY_MS),
      max_bytes: limits.maxBytes ?? -1,
      discard: DiscardPolicy.New,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
  } catch (err) {
    const code = apiErrorCode(err);
    if (code === STREAM_NAME_IN_USE) return;
    if (code === SUBJECTS_OVERLAP)
      throw streamError(
        'DETECT_STREAM_UNAVAILABLE',
        `another JetStream stream already takes subjects under "${layout.prefix}"; ` +
          'give the detection stream a prefix of its own',
        { stream: layout.stream, prefix: layout.prefix },
        err,
      );
    throw err;
  }
}

export interface PullConsumerSpec {
  readonly durable: string;
  readonly filterSubject: string;
  /** Deliveries out and not yet acknowledged; JetStream stops handing out more at this bound. */
  readonly maxAckPending: number;
  readonly ackWaitMs: number;
}

/** Creates the durable pull consumer, or brings an existing one to these limits. */
export async function ensurePullConsumer(
  jsm: JetStreamManager,
  stream: string,
  spec: PullConsumerSpec,
): Promise<void> {
  const existing = await consumerInfoOrNull(jsm, stream, spec.durable);
  const limits = { max_ack_pending: spec.maxAckPending, ack_wait: nanos(spec.ackWaitMs) };
  if (!existing) {
    try {
      await jsm.consumers.add(stream, {
        durable_name: spec.durable,
        ack_policy: AckPolicy.Explicit,
        // A work queue hands each message out once; the consumer must start at the beginning.
        deliver_policy: DeliverPolicy.All,
        filter_subject: spec.filterSubject,
        // Never give up on an event: a worker that dies mid-way must not lose it.
        max_deliver: -1,
        ...limits,
      });
    } catch (err) {
      // Another worker created it at the same moment; its settings are ours.
      if (!(await exists(jsm, stream, spec.durable))) throw err;
    }
    return;
  }
  const config = existing.config;
  if (config.max_ack_pending !== limits.max_ack_pending || config.ack_wait !== limits.ack_wait) {
    await jsm.consumers.update(stream, spec.durable, limits);
  }
}

async function exists(jsm: JetStreamManager, stream: string, durable: string): Promise<boolean> {
  try {
    await jsm.consumers.info(stream, durable);
    return true;
  } catch {
    return false;
  }
}
