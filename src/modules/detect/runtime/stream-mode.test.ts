import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../kernel/log/logger.js';
import { detectConfigSchema } from '../config.js';
import { loadRuleSet } from '../scan/index.js';
import {
  ALERT_MATCH_EVENT,
  connectDetectStream,
  type DetectStreamConnection,
  DetectWorker,
} from '../stream/index.js';
import { removeLayout, uniqueLayout } from '../stream/stream.testkit.js';
import { loadPipelines } from './pipelines.js';
import { rulePaths } from './service.js';
import { type SignedIn, call, seedUser, signIn } from '../../../server/http.testkit.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';

const natsUrl = process.env.LIFELINE_TEST_NATS_URL;

/**
 * A larger site: the serving process only ingests and stores alerts, a `worker detect` process
 * matches. Events posted to the platform reach the worker through JetStream, and the worker's
 * match comes back over the bus as a stored alert.
 */
describe.skipIf(!natsUrl)('detection on stream workers', () => {
  const url = natsUrl ?? '';
  const layout = uniqueLayout(2);
  let test: TestApp;
  let admin: SignedIn;
  let token: string;
  let workerConnection: DetectStreamConnection;
  let worker: DetectWorker;

  beforeAll(async () => {
    const streamConfig = { enabled: true, name: layout.stream, prefix: layout.prefix, partitions: 2 };
    test = await createTestApp({ config: { bus: { natsUrl: url }, detect: { stream: streamConfig } } });
    await test.platform.startModules();
    const detect = detectConfigSchema.parse({});
    const rules = await loadRuleSet({
      paths: rulePaths(detect),
      pipeline: await loadPipelines(detect.pipelines),
    });
    workerConnection = await connectDetectStream({ url, layout });
    worker = await DetectWorker.start({
      connection: workerConnection,
      rules,
      logger: silentLogger(),
      onAlert: async (alert) =>
        void (await test.services.bus.publish(ALERT_MATCH_EVENT, alert, 'detect-worker')),
    });
    const owner = await seedUser(test.services, 'admin', 'admin');
    admin = await signIn(test.app, 'admin');
    token = (
      await test.services.tokens.create(owner, { name: 'shipper', scopes: ['detect.ingest'] }, 'admin', null)
    ).secret;
  });

  afterAll(async () => {
    await worker?.stop();
    await workerConnection?.close();
    await test?.close();
    await removeLayout(url, layout);
  });

  const sysmonOn = (computer: string, image: string, commandLine: string) =>
    JSON.stringify({
      Event: {
        System: { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: computer },
        EventData: { Image: image, CommandLine: commandLine },
      },
    });
  const post = (lines: string[]) =>
    call(test.app, 'POST', '/api/detect/events?source=file-servers', {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: `${lines.join('\n')}\n`,
    });

  it('stores the alert a worker found in an event the platform received', async () => {
    const posted = await post([
      sysmonOn('fs01', 'C:\\Windows\\System32\\wbadmin.exe', 'wbadmin delete catalog -quiet'),
    ]);
    expect(posted.statusCode).toBe(202);
    let titles: string[] = [];
    for (
      let i = 0;
      i < 200 && !titles.includes('Windows backup catalogue or system-state backups deleted');
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const response = await call(test.app, 'GET', '/api/detect/alerts', { as: admin });
      titles = response.json<{ alerts: { ruleTitle: string }[] }>().alerts.map((a) => a.ruleTitle);
    }
    expect(titles).toContain('Windows backup catalogue or system-state backups deleted');
    expect(worker.stats().events).toBe(1);
  });

  it('applies the analysts’ false-positive verdicts to what the workers find', async () => {
    const wbadmin = 'Windows backup catalogue or system-state backups deleted';
    const listed = async () =>
      (await call(test.app, 'GET', '/api/detect/alerts', { as: admin })).json<{
        alerts: { id: string; ruleTitle: string; status: string }[];
      }>().alerts;
    const first = (await listed()).find((a) => a.ruleTitle === wbadmin);
    expect(first).toBeDefined();
    const marked = await call(test.app, 'POST', `/api/detect/alerts/${first?.id}/false-positive`, {
      as: admin,
      body: { reason: 'catalogue rebuilt by the backup team', fields: ['Computer', 'Image'] },
    });
    expect(marked.statusCode).toBe(200);
    const events = [
      sysmonOn('fs01', 'C:\\Windows\\System32\\wbadmin.exe', 'wbadmin delete catalog -quiet'),
      sysmonOn('fs01', 'C:\\Windows\\System32\\vssadmin.exe', 'vssadmin delete shadows /all'),
    ];
    expect((await post(events)).statusCode).toBe(202);
    // The bus delivers in order: once the second event's alert is stored, the first was judged.
    for (let i = 0; i < 200 && !(await listed()).some((a) => a.ruleTitle.startsWith('Shadow copies')); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const alerts = await listed();
    expect(alerts.some((a) => a.ruleTitle.startsWith('Shadow copies'))).toBe(true);
    expect(alerts.filter((a) => a.ruleTitle === wbadmin).map((a) => a.status)).toEqual(['closed']);
  });
});
