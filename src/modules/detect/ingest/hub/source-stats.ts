import type { EventSource } from '../../types.js';

export type SourceHealth = 'ok' | 'idle' | 'lagging' | 'dropping';

/** A source as the console lists it (GET /api/detect/sources). */
export interface SourceStatus {
  readonly name: string;
  readonly kind: EventSource['kind'];
  readonly address?: string;
  readonly received: number;
  readonly processed: number;
  readonly dropped: number;
  readonly malformed: number;
  /** Queued, not yet processed. */
  readonly lagging: number;
  readonly lastEventAt: string | null;
  readonly status: SourceHealth;
}

/** Live counters of one source; the hub is the only writer. */
export class SourceStats {
  received = 0;
  processed = 0;
  dropped = 0;
  malformed = 0;
  queued = 0;
  lastEventAt: number | null = null;
  lastDropAt: number | null = null;

  constructor(readonly source: EventSource) {}
}

export interface HealthRules {
  readonly now: number;
  /** Age of the oldest queued event, in ms (0 when nothing waits). */
  readonly queueAgeMs: number;
  readonly queueFull: boolean;
  readonly idleAfterMs: number;
  readonly lagAfterMs: number;
  readonly dropWindowMs: number;
}

export function healthOf(stats: SourceStats, rules: HealthRules): SourceHealth {
  if (stats.lastDropAt !== null && rules.now - stats.lastDropAt < rules.dropWindowMs) return 'dropping';
  if (stats.queued > 0 && (rules.queueFull || rules.queueAgeMs > rules.lagAfterMs)) return 'lagging';
  if (stats.lastEventAt === null || rules.now - stats.lastEventAt > rules.idleAfterMs) return 'idle';
  return 'ok';
}

export function statusOf(stats: SourceStats, rules: HealthRules): SourceStatus {
  return {
    name: stats.source.name,
    kind: stats.source.kind,
    ...(stats.source.address !== undefined ? { address: stats.source.address } : {}),
    received: stats.received,
    processed: stats.processed,
    dropped: stats.dropped,
    malformed: stats.malformed,
    lagging: stats.queued,
    lastEventAt: stats.lastEventAt === null ? null : new Date(stats.lastEventAt).toISOString(),
    status: healthOf(stats, rules),
  };
}
