import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'nats';
import { InProcessBus } from './in-process.js';
import { NatsBus, type NatsBusOptions } from './nats.js';
import { natsConnectionOptions, parseNatsUrl } from './nats-url.js';
import type { DeadLetter, EventBus } from './types.js';

export type TestableBus = EventBus & { deadLetters(): readonly DeadLetter[] };

export interface BusHarness {
  bus: TestableBus;
  /**
   * Another handle on the same bus: a second connection (as another process would have) on NATS,
   * the same bus in-process, where there is no other process to share with.
   */
  peer: () => Promise<TestableBus>;
  /** NATS only: where this harness's events live. */
  nats?: { url: string; stream: string; prefix: string };
  /** Closes every handle (idempotent) and removes what the harness created. */
  close(): Promise<void>;
}

export interface BusTarget {
  kind: EventBus['kind'];
  open(): Promise<BusHarness>;
}

export const testNatsUrl = process.env.LIFELINE_TEST_NATS_URL;

/** The buses a contract suite runs on: in-process always, NATS when LIFELINE_TEST_NATS_URL is set. */
export function testBuses(): BusTarget[] {
  const targets: BusTarget[] = [inProcessTarget()];
  if (testNatsUrl) targets.push(natsTarget(testNatsUrl));
  return targets;
}

export function inProcessTarget(): BusTarget {
  return {
    kind: 'in-process',
    open() {
      const bus = new InProcessBus();
      return Promise.resolve({ bus, peer: () => Promise.resolve(bus), close: () => bus.close() });
    },
  };
}

/**
 * Each harness gets its own stream and subject prefix, so parallel test files and re-runs never
 * see each other's events, and deletes its stream when closed.
 */
export function natsTarget(url: string, extra: Partial<NatsBusOptions> = {}): BusTarget {
  return {
    kind: 'nats',
    async open() {
      const suffix = randomBytes(6).toString('hex');
      const stream = `LIFELINE_TEST_${suffix}`;
      const prefix = `lifeline-test-${suffix}`;
      const buses: NatsBus[] = [];
      const make = async (): Promise<NatsBus> => {
        const bus = await NatsBus.connect({ url, stream, subjectPrefix: prefix, ...extra });
        buses.push(bus);
        return bus;
      };
      const bus = await make();
      return {
        bus,
        peer: make,
        nats: { url, stream, prefix },
        async close() {
          await Promise.all(buses.map((b) => b.close()));
          await deleteStream(url, stream);
        },
      };
    },
  };
}

async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect(natsConnectionOptions(parseNatsUrl(url), 5000));
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** Polls until `probe` returns something truthy; generous by default for a loaded 2-core machine. */
export async function waitFor<T>(probe: () => T, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}
