import { createSocket } from 'node:dgram';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../kernel/db/connect.js';
import { testEngines } from '../../../kernel/db/testkit.js';
import type { DetectEvent } from '../types.js';
import { ingestConfigSchema } from './config.js';
import { jsonLineDecoder } from './decoders.testkit.js';
import { ingestMigrations } from './quarantine/migrations.js';
import { IngestRuntime } from './runtime.js';

const host = '127.0.0.1';
let dir: string;
let database: Database;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-ingest-runtime-'));
  database = await (testEngines()[0]?.open(ingestMigrations) ?? Promise.reject(new Error('no engine')));
});
afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('IngestRuntime', () => {
  it('runs the configured sources into one consumer and stops cleanly', async () => {
    const log = join(dir, 'auth.log');
    writeFileSync(log, '');
    const config = ingestConfigSchema.parse({
      syslog: { udp: [{ name: 'edge-udp', host, port: 0 }], tcp: [{ name: 'edge-tcp', host, port: 0 }] },
      files: [{ name: 'auth-log', path: log, startAt: 'beginning', pollIntervalMs: 50 }],
      offsetsFile: join(dir, 'offsets.json'),
      quarantine: { flushIntervalMs: 20 },
    });
    const runtime = new IngestRuntime({
      config,
      database,
      registry: new Registry(),
      decoders: { http: jsonLineDecoder },
      onDrop: () => undefined,
    });
    const events: DetectEvent[] = [];
    runtime.hub.consume(async (batch) => {
      events.push(...batch);
    });
    await runtime.start();
    const ports = new Map(runtime.hub.sources().map((s) => [s.name, Number(s.address?.split(':').pop())]));

    const udp = createSocket('udp4');
    await new Promise((r) =>
      udp.send('<13>Jan 13 08:00:00 gw app: over udp', ports.get('edge-udp'), host, r),
    );
    udp.close();
    const tcp = connect(ports.get('edge-tcp') ?? 0, host);
    tcp.end('<13>Jan 13 08:00:00 gw app: over tcp\n<999>broken\n');
    appendFileSync(log, 'Jan 13 08:00:00 ehr-app01 sshd[1]: from the file\n');

    await until(() => events.length === 3);
    await runtime.stop();

    expect(events.map((e) => e.fields.message).sort()).toEqual(['from the file', 'over tcp', 'over udp']);
    expect(events.find((e) => e.source.kind === 'file')?.fields).toMatchObject({ app_name: 'sshd' });
    expect((await runtime.quarantine.list({ source: 'edge-tcp', limit: 5 })).entries).toMatchObject([
      { reason: 'invalid PRI', line: '<999>broken' },
    ]);
    const offsets = JSON.parse(readFileSync(join(dir, 'offsets.json'), 'utf8')) as {
      files: Record<string, { offset: number }>;
    };
    expect(offsets.files[log]?.offset).toBeGreaterThan(0);
  });

  it('stops what it started when a listener cannot start', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, host, r));
    const taken = (blocker.address() as { port: number }).port;
    const config = ingestConfigSchema.parse({
      syslog: { udp: [{ name: 'ok-udp', host, port: 0 }], tcp: [{ name: 'clash', host, port: taken }] },
    });
    const runtime = new IngestRuntime({
      config,
      database,
      registry: new Registry(),
      decoders: {},
      onDrop: () => undefined,
    });
    await expect(runtime.start()).rejects.toMatchObject({ code: 'DETECT_INGEST_LISTEN_FAILED' });
    const udpPort = Number(runtime.hub.sources()[0]?.address?.split(':').pop());
    // The UDP port was released again: it can be bound by someone else.
    const probe = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.bind(udpPort, host, () => resolve());
    });
    probe.close();
    await new Promise((r) => blocker.close(r));
  });
});
