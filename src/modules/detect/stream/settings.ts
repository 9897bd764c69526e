import { streamError } from './errors.js';

/**
 * Where the detection data plane lives on NATS. It has a stream of its own, apart from the platform
 * bus's (`<bus prefix>.>`, kept for weeks): events are high-volume work that should vanish once
 * processed, and JetStream refuses two streams with overlapping subjects, hence a prefix of its own.
 */
export interface StreamLayout {
  /** JetStream stream holding events and partitioned matches. Default `LIFELINE_DETECT`. */
  readonly stream: string;
  /** Subjects: `<prefix>.detect.events`, `<prefix>.detect.corr.<partition>`. Default `lifeline-detect`. */
  readonly prefix: string;
  /**
   * How many correlation partitions there are. Every worker of a deployment must use the same
   * number: a group's partition is hash(group key) mod this.
   */
  readonly partitions: number;
}

export const DEFAULT_LAYOUT: StreamLayout = {
  stream: 'LIFELINE_DETECT',
  prefix: 'lifeline-detect',
  partitions: 8,
};

export const MAX_PARTITIONS = 1024;

export function eventsSubject(layout: Pick<StreamLayout, 'prefix'>): string {
  return `${layout.prefix}.detect.events`;
}

export function partitionSubject(layout: Pick<StreamLayout, 'prefix'>, partition: number): string {
  return `${layout.prefix}.detect.corr.${partition}`;
}

export function partitionSubjects(layout: Pick<StreamLayout, 'prefix'>): string {
  return `${layout.prefix}.detect.corr.*`;
}

/** The shared durable consumer all workers pull events from. */
export const EVENTS_CONSUMER = 'detect-events';

export function partitionConsumer(partition: number): string {
  return `detect-corr-${partition}`;
}

export function leaseBucket(layout: Pick<StreamLayout, 'stream'>): string {
  return `${layout.stream}_leases`;
}

export function stateBucket(layout: Pick<StreamLayout, 'stream'>): string {
  return `${layout.stream}_state`;
}

/** Checks an operator-given layout once, so a typo fails at start instead of as a NATS API error. */
export function streamLayout(input: Partial<StreamLayout> = {}): StreamLayout {
  const layout = { ...DEFAULT_LAYOUT, ...input };
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(layout.stream))
    throw streamError(
      'DETECT_STREAM_SETTINGS_INVALID',
      'the detect stream name may hold letters, digits, _ and - only',
    );
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(layout.prefix))
    throw streamError(
      'DETECT_STREAM_SETTINGS_INVALID',
      'the detect subject prefix may hold a-z, 0-9, _, - and dots only',
    );
  if (!Number.isInteger(layout.partitions) || layout.partitions < 1 || layout.partitions > MAX_PARTITIONS)
    throw streamError(
      'DETECT_STREAM_SETTINGS_INVALID',
      `partitions must be a whole number from 1 to ${MAX_PARTITIONS}`,
    );
  return layout;
}
