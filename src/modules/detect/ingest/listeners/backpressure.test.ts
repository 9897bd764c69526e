import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestHub, createTestHub } from '../hub.testkit.js';
import { TcpSyslogListener } from './tcp.js';
import { UdpSyslogListener } from './udp.js';

const host = '127.0.0.1';
let test: TestHub;
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await test.close();
});

describe('back-pressure', () => {
  it('pauses a TCP sender while the queue is full and loses nothing', async () => {
    const capacity = 200;
    test = createTestHub({ capacity });
    const listener = new TcpSyslogListener({ name: 'tcp-in', host, port: 0, hub: test.hub });
    stops.push(() => listener.stop());
    const { port } = await listener.start();
    const total = 20_000;
    const client = connect(port, host);
    let i = 0;
    const writeAll = new Promise<void>((resolve) => {
      const pump = () => {
        while (i < total) {
          const ok = client.write(`<13>Jan 13 08:00:00 ward-pc app[1]: message number ${i++}\n`);
          if (!ok) return void client.once('drain', pump);
        }
        client.end(resolve);
      };
      pump();
    });

    await test.until(() => listener.connections()[0]?.paused === true, 'the sender to be paused');
    // Paused: what the hub holds is the capacity plus at most the one chunk in hand.
    const heldWhilePaused = test.hub.depth;
    expect(heldWhilePaused).toBeGreaterThanOrEqual(capacity);
    expect(heldWhilePaused).toBeLessThan(capacity + 65_536 / 40);
    expect(i).toBeLessThanOrEqual(total);

    test.consume();
    await writeAll;
    await test.until(() => test.events.length === total, 'every event');
    expect(test.events.map((e) => e.fields.message)).toEqual(
      Array.from({ length: total }, (_, n) => `message number ${n}`),
    );
    expect(test.drops).toEqual([]);
    expect(test.hub.sources()[0]).toMatchObject({ received: total, processed: total, dropped: 0 });
  });

  it('counts UDP datagrams beyond capacity as dropped and reports them', async () => {
    test = createTestHub({ capacity: 5, dropReportIntervalMs: 20 });
    const listener = new UdpSyslogListener({ name: 'udp-in', host, port: 0, hub: test.hub });
    stops.push(() => listener.stop());
    const { port } = await listener.start();
    const client = createSocket('udp4');
    for (let n = 0; n < 30; n++) {
      await new Promise((r) => client.send(`<13>Jan 13 08:00:00 h app: datagram ${n}`, port, host, r));
    }
    client.close();
    await test.until(() => test.hub.sources()[0]?.received === 30, 'all datagrams');
    await test.until(() => test.drops.reduce((sum, [, count]) => sum + count, 0) === 25, 'the drop reports');
    const [status] = test.hub.sources();
    expect(status).toMatchObject({ received: 30, dropped: 25, lagging: 5, status: 'dropping' });
    expect(test.drops.reduce((sum, [, count]) => sum + count, 0)).toBe(25);
    expect(test.drops.every(([source]) => source.name === 'udp-in')).toBe(true);
    expect(await test.registry.getSingleMetricAsString('lifeline_detect_events_dropped_total')).toContain(
      'lifeline_detect_events_dropped_total{source="udp-in"} 25',
    );
  });
});
