import {
  AckPolicy,
  type ConsumerInfo,
  DeliverPolicy,
  type JetStreamManager,
  nanos,
  RetentionPolicy,
  StorageType,
} from 'nats';

/** JetStream API error codes the platform branches on. */
export const JETSTREAM_ERRORS = {
  streamNotFound: 10059,
  streamNameInUse: 10058,
  subjectsOverlap: 10065,
  consumerNotFound: 10014,
} as const;
const STREAM_NOT_FOUND = JETSTREAM_ERRORS.streamNotFound;
const STREAM_NAME_IN_USE = JETSTREAM_ERRORS.streamNameInUse;
const CONSUMER_NOT_FOUND = JETSTREAM_ERRORS.consumerNotFound;

/** A durable consumer's description, or null when the stream has no consumer of that name. */
export async function consumerInfoOrNull(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (apiErrorCode(err) !== CONSUMER_NOT_FOUND) throw err;
    return null;
  }
}

/** The JetStream API error code of a failed management call, if it carries one. */
export function apiErrorCode(err: unknown): number | undefined {
  const apiError = (err as { api_error?: { err_code?: unknown } } | null)?.api_error;
  return typeof apiError?.err_code === 'number' ? apiError.err_code : undefined;
}

/** Window in which JetStream drops a second publish with the same msgID (a retried publish). */
const DUPLICATE_WINDOW_MS = 120_000;

/**
 * Creates the stream on first use. Several processes may start at once: whoever loses the race to
 * create it finds it made. An existing stream keeps its operator-set limits; only the subject this
 * installation publishes under is added when missing.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  prefix: string,
  maxAgeMs: number,
): Promise<void> {
  const subject = `${prefix}.>`;
  let subjects: string[] | null = null;
  try {
    subjects = (await jsm.streams.info(name)).config.subjects ?? [];
  } catch (err) {
    if (apiErrorCode(err) !== STREAM_NOT_FOUND) throw err;
  }
  if (subjects) {
    if (!subjects.includes(subject)) await jsm.streams.update(name, { subjects: [...subjects, subject] });
    return;
  }
  try {
    await jsm.streams.add({
      name,
      subjects: [subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(maxAgeMs),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
  } catch (err) {
    if (apiErrorCode(err) !== STREAM_NAME_IN_USE) throw err;
  }
}

export interface ConsumerSpec {
  durable: string;
  filterSubject: string;
  maxDeliveries: number;
  ackWaitMs: number;
}

/**
 * Creates the durable pull consumer, or brings an existing one to the newest subscriber's filter and
 * limits. A new consumer starts at events published from now on, as an in-process one does; an
 * existing one keeps its place, which is what makes a durable name durable.
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  spec: ConsumerSpec,
): Promise<void> {
  const existing = await consumerInfoOrNull(jsm, stream, spec.durable);
  const limits = { max_deliver: spec.maxDeliveries, ack_wait: nanos(spec.ackWaitMs) };
  const base = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: spec.filterSubject,
    ...limits,
  };
  if (!existing) {
    await jsm.consumers.add(stream, { ...base, deliver_policy: DeliverPolicy.New });
    return;
  }
  const config = existing.config;
  if (config.filter_subject !== spec.filterSubject) {
    // Servers before 2.10 accept a filter update but then stop delivering, so the consumer is made
    // anew from the first event it has not acknowledged: nothing is lost, a few may come twice.
    // With no ack yet the floor says nothing, and the consumer's creation time is where it began.
    const acked = existing.ack_floor.stream_seq;
    const resume =
      acked > 0
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: acked + 1 }
        : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: existing.created };
    await jsm.consumers.delete(stream, spec.durable);
    await jsm.consumers.add(stream, { ...base, ...resume });
    return;
  }
  if (config.max_deliver !== limits.max_deliver || config.ack_wait !== limits.ack_wait) {
    await jsm.consumers.update(stream, spec.durable, limits);
  }
}
