import { Registry } from 'prom-client';
import type { DetectEvent, EventSource } from '../types.js';
import { jsonLineDecoder } from './decoders.testkit.js';
import { IngestHub, type IngestHubOptions } from './hub/hub.js';
import type { QuarantineEntry } from './quarantine/entry.js';
import { syslogDecoder } from './syslog/decoder.js';

export interface TestHub {
  readonly hub: IngestHub;
  readonly registry: Registry;
  readonly events: DetectEvent[];
  readonly drops: [EventSource, number][];
  readonly quarantined: QuarantineEntry[];
  /** Starts collecting events (no consumer until then: the queue fills). */
  consume(): void;
  /** Polls until `condition` holds; fails after a generous bound instead of hanging. */
  until(condition: () => boolean, what?: string): Promise<void>;
  close(): Promise<void>;
}

/** A hub with the syslog decoder on syslog kinds and a JSON-lines decoder on the others. */
export function createTestHub(options: Partial<IngestHubOptions> = {}): TestHub {
  const events: DetectEvent[] = [];
  const drops: [EventSource, number][] = [];
  const quarantined: QuarantineEntry[] = [];
  const registry = new Registry();
  const syslog = syslogDecoder();
  const hub = new IngestHub({
    capacity: 10_000,
    decoders: {
      'syslog-udp': syslog,
      'syslog-tcp': syslog,
      'syslog-tls': syslog,
      http: jsonLineDecoder,
      file: jsonLineDecoder,
    },
    registry,
    onDrop: (source, count) => drops.push([source, count]),
    quarantine: (entry) => quarantined.push(entry),
    ...options,
  });
  let stopConsumer: (() => Promise<void>) | undefined;
  return {
    hub,
    registry,
    events,
    drops,
    quarantined,
    consume() {
      const consumer = hub.consume(async (batch) => {
        events.push(...batch);
      });
      stopConsumer = () => consumer.stop();
    },
    async until(condition, what = 'condition') {
      for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
      if (!condition()) throw new Error(`timed out waiting for ${what}`);
    },
    async close() {
      await stopConsumer?.();
      await hub.close(0);
    },
  };
}
