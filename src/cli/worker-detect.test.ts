import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'nats';
import { afterEach, describe, expect, it } from 'vitest';
import { NatsBus } from '../kernel/bus/nats.js';
import { natsConnectionOptions, parseNatsUrl } from '../kernel/bus/nats-url.js';
import type { BusEvent } from '../kernel/bus/types.js';
import {
  ALERT_MATCH_EVENT,
  connectDetectStream,
  DetectEventPublisher,
  type DetectStreamConnection,
  type StreamAlert,
} from '../modules/detect/index.js';
import type { CliHarness } from './cli.testkit.js';
import { cliHarness } from './cli.testkit.js';

const natsUrl = process.env.LIFELINE_TEST_NATS_URL;

const SHADOW_RULE = `title: Shadow copies deleted
id: 2f3c1a10-0000-4000-8000-000000000001
logsource: { product: windows, category: process_creation }
detection:
  selection: { CommandLine|contains|all: [delete, shadows] }
  condition: selection
level: high
`;

async function until(what: string, check: () => boolean, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function deleteStreams(url: string, names: readonly string[]): Promise<void> {
  const nc = await connect(natsConnectionOptions(parseNatsUrl(url), 5000));
  const jsm = await nc.jetstreamManager();
  for (const name of names) await jsm.streams.delete(name).catch(() => undefined);
  await nc.close();
}

describe('lifeline worker detect', () => {
  let cli: CliHarness;
  afterEach(() => cli.close());

  it('needs NATS and says how to configure it', async () => {
    cli = cliHarness();
    const result = await cli.run(['worker', 'detect']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set bus.natsUrl (LIFELINE_NATS_URL)');
  });
});

describe.skipIf(!natsUrl)('lifeline worker detect on NATS JetStream', () => {
  const url = natsUrl ?? '';
  const suffix = randomBytes(5).toString('hex');
  const layout = {
    stream: `LIFELINE_DETECT_CLI_${suffix}`,
    prefix: `lifeline-detect-cli-${suffix}`,
    partitions: 2,
  };
  const busStream = `LIFELINE_CLI_TEST_${suffix}`;
  const busPrefix = `lifeline-cli-test-${suffix}`;
  let cli: CliHarness;
  let bus: NatsBus | null = null;
  let connection: DetectStreamConnection | null = null;

  afterEach(async () => {
    await connection?.close();
    await bus?.close();
    cli.close();
    await deleteStreams(url, [
      layout.stream,
      `KV_${layout.stream}_leases`,
      `KV_${layout.stream}_state`,
      busStream,
    ]);
  });

  it('matches published events and hands alerts to the platform bus until stopped', async () => {
    cli = cliHarness({
      LIFELINE_NATS_URL: url,
      LIFELINE_BUS_STREAM: busStream,
      LIFELINE_BUS_SUBJECT_PREFIX: busPrefix,
    });
    mkdirSync(join(cli.dir, 'rules'));
    writeFileSync(join(cli.dir, 'rules', 'shadow.yml'), SHADOW_RULE);
    const stop = new AbortController();
    const running = cli.spawn(
      [
        'worker',
        'detect',
        '--rules',
        'rules',
        '--stream',
        layout.stream,
        '--prefix',
        layout.prefix,
        '--partitions',
        '2',
      ],
      { signal: stop.signal },
    );
    await until('the worker to start', () => running.output().stdout.includes('running'));
    expect(running.output().stdout).toMatch(
      /^detect worker \S+ running: 1 rule\(s\), 0 correlation\(s\), 2 partition\(s\)/,
    );

    bus = await NatsBus.connect({ url, stream: busStream, subjectPrefix: busPrefix });
    const alerts: BusEvent[] = [];
    await bus.subscribe({ durable: 'alerts', types: [ALERT_MATCH_EVENT] }, (event) =>
      Promise.resolve(void alerts.push(event)),
    );
    connection = await connectDetectStream({ url, layout });
    const publisher = new DetectEventPublisher(connection);
    const event = (CommandLine: string) => ({
      fields: { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, CommandLine },
      source: { kind: 'syslog-tcp' as const, name: 'dc01' },
      receivedAt: new Date().toISOString(),
      raw: CommandLine,
    });
    await publisher.publishAll([
      event('svchost.exe -k netsvcs'),
      event('vssadmin delete shadows /all'),
      event('cmd.exe /c dir'),
    ]);

    await until('the alert', () => alerts.length === 1);
    const alert = alerts[0]?.data as StreamAlert;
    expect(alerts[0]?.type).toBe(ALERT_MATCH_EVENT);
    expect(alert.kind).toBe('rule');
    expect(alert.match.rule.id).toBe('2f3c1a10-0000-4000-8000-000000000001');
    expect(alert.kind === 'rule' && alert.match.event.fields.CommandLine).toBe(
      'vssadmin delete shadows /all',
    );

    stop.abort();
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('detect worker stopped: 3 event(s), 1 match(es), 1 alert(s)');
  });
});
