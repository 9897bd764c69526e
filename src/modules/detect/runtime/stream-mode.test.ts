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

  it('stores the alert a worker found in an event the platform received', async () => {
    const event = {
      Event: {
        System: { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'fs01' },
        EventData: {
          Image: 'C:\\Windows\\System32\\wbadmin.exe',
          CommandLine: 'wbadmin delete catalog -quiet',
        },
      },
    };
    const posted = await call(test.app, 'POST', '/api/detect/events?source=file-servers', {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify(event)}\n`,
    });
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
});
