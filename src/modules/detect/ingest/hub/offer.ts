import { believableTime } from './event-time.js';
import type { DetectEvent, EventSource } from '../../types.js';
import type { QuarantineSink } from '../quarantine/entry.js';
import type { Decoder, DecodeResult } from '../types.js';
import type { SourceStats } from './source-stats.js';

/**
 * What a producer does when the queue is full. `keep`: queue anyway and pause (TCP, TLS, file tail:
 * they can wait); `drop`: count and report the loss (UDP cannot push back); `refuse`: take nothing,
 * the caller retries (HTTP 503).
 */
export type Overflow = 'keep' | 'drop' | 'refuse';

export interface OfferOptions {
  readonly overflow: Overflow;
  /** The peer (ip:port) or path the lines came from, when it differs from the source's own. */
  readonly address?: string;
}

export interface OfferResult {
  readonly received: number;
  readonly accepted: number;
  readonly malformed: number;
  readonly dropped: number;
  /** Nothing was taken: the queue was full (or the hub closed) and the producer asked to be refused. */
  readonly refused: boolean;
  /** The queue is at capacity: a producer that can pause should, until `whenWritable()`. */
  readonly full: boolean;
  /** Sequence number of the last event queued so far; `hub.settled(lastSeq)` waits for it. */
  readonly lastSeq: number;
}

/** A source's handle on the hub. */
export interface IngestInput {
  readonly source: EventSource;
  /** Events of this source dropped so far. */
  readonly dropped: number;
  offer(lines: readonly string[], options: OfferOptions): OfferResult;
  /** Counts a frame that never became a line (too large, cut short) and quarantines what is left. */
  reject(reason: string, line?: string): void;
}

export interface OfferContext {
  readonly stats: SourceStats;
  readonly decode: Decoder | undefined;
  readonly closed: boolean;
  readonly capacity: number;
  depth(): number;
  readonly now: Date;
  readonly maxRawChars: number;
  enqueue(event: DetectEvent, at: number): number;
  readonly quarantine: QuarantineSink | undefined;
}

type Counts = Omit<OfferResult, 'full' | 'lastSeq'>;

function safeDecode(decode: Decoder | undefined, line: string, source: EventSource): DecodeResult {
  if (!decode) return { ok: false, reason: 'no decoder for this source kind' };
  try {
    return decode(line, source);
  } catch {
    return { ok: false, reason: 'decoder failed' };
  }
}

/** Decodes and queues `lines` for one source under the producer's overflow rule. */
export function offerLines(context: OfferContext, lines: readonly string[], options: OfferOptions): Counts {
  const { stats } = context;
  const full = () => context.closed || context.depth() >= context.capacity;
  if (options.overflow === 'refuse' && full()) {
    return { received: 0, accepted: 0, malformed: 0, dropped: 0, refused: true };
  }
  const receivedAt = context.now.toISOString();
  const at = context.now.getTime();
  const source: EventSource =
    options.address !== undefined ? { ...stats.source, address: options.address } : stats.source;
  let accepted = 0;
  let malformed = 0;
  let dropped = 0;
  for (const line of lines) {
    // A full queue drops before decoding: under overload the work is not worth doing.
    if ((options.overflow === 'drop' && full()) || context.closed) {
      dropped++;
      continue;
    }
    const decoded = safeDecode(context.decode, line, source);
    if (!decoded.ok) {
      malformed++;
      context.quarantine?.({
        source: source.name,
        kind: source.kind,
        reason: decoded.reason,
        receivedAt,
        line,
      });
      continue;
    }
    const raw = line.length > context.maxRawChars ? line.slice(0, context.maxRawChars) : line;
    const time = believableTime(decoded.time, at);
    const event: DetectEvent = {
      fields: decoded.fields,
      source,
      receivedAt,
      raw,
      ...(time !== undefined ? { time } : {}),
    };
    context.enqueue(event, at);
    accepted++;
  }
  stats.received += lines.length;
  stats.malformed += malformed;
  stats.queued += accepted;
  if (accepted > 0) stats.lastEventAt = at;
  return { received: lines.length, accepted, malformed, dropped, refused: false };
}
