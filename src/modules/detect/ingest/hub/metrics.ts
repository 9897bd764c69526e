import { Counter, Gauge, type Registry } from 'prom-client';

export const INGEST_METRICS = {
  received: 'lifeline_detect_events_received_total',
  processed: 'lifeline_detect_events_processed_total',
  dropped: 'lifeline_detect_events_dropped_total',
  malformed: 'lifeline_detect_events_malformed_total',
  queueDepth: 'lifeline_detect_queue_depth',
} as const;

export interface IngestMetrics {
  readonly received: Counter<'source'>;
  readonly processed: Counter<'source'>;
  readonly dropped: Counter<'source'>;
  readonly malformed: Counter<'source'>;
}

/** The hub's series, labelled by source name (bounded: the hub caps the number of sources). */
export function ingestMetrics(
  registry: Registry,
  queueDepth: () => Iterable<[string, number]>,
): IngestMetrics {
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['source'] as const, registers: [registry] });
  new Gauge({
    name: INGEST_METRICS.queueDepth,
    help: 'Detection events queued and not yet processed, by source',
    labelNames: ['source'] as const,
    registers: [registry],
    collect() {
      for (const [source, depth] of queueDepth()) this.set({ source }, depth);
    },
  });
  return {
    received: counter(INGEST_METRICS.received, 'Lines received for detection, by source'),
    processed: counter(INGEST_METRICS.processed, 'Detection events processed, by source'),
    dropped: counter(INGEST_METRICS.dropped, 'Detection events dropped (queue full or processing failed)'),
    malformed: counter(INGEST_METRICS.malformed, 'Lines that could not be decoded and went to quarantine'),
  };
}
