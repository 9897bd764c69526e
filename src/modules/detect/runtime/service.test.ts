import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { testEngines } from '../../../kernel/db/testkit.js';
import { silentLogger } from '../../../kernel/log/logger.js';
import { type AlertHarness, openAlertHarness } from '../alerts/alerts.testkit.js';
import { detectConfigSchema } from '../config.js';
import { ingestMigrations } from '../ingest/index.js';
import { migrate } from '../../../kernel/db/migrate.js';
import { auditMigrations } from '../../../kernel/audit/migrations.js';
import { alertMigrations } from '../alerts/migrations.js';
import { normaliseLine } from '../normalise/index.js';
import { INGEST_DROP_RULE } from './health.js';
import { DetectionService } from './service.js';

const [sqlite] = testEngines();
let harness: AlertHarness | undefined;
let detection: DetectionService | undefined;

afterEach(async () => {
  await detection?.close();
  await harness?.close();
});

async function open(config: unknown): Promise<{ detection: DetectionService; harness: AlertHarness }> {
  if (!sqlite) throw new Error('SQLite is always available');
  harness = await openAlertHarness(sqlite);
  await migrate(harness.database, [...auditMigrations, ...alertMigrations, ...ingestMigrations]);
  detection = new DetectionService({
    config: { detect: detectConfigSchema.parse(config), bus: {} },
    database: harness.database,
    bus: harness.bus,
    clock: harness.clock,
    logger: silentLogger(),
    metrics: new Registry(),
  });
  detection.attach(harness.service, {
    http: normaliseLine,
    file: normaliseLine,
    syslogPayload: normaliseLine,
  });
  return { detection, harness };
}

describe('the detection service', () => {
  it('turns events a source had to drop into one health alert for that source', async () => {
    const { detection, harness } = await open({ ingest: { queueCapacity: 3 } });
    // No consumer yet: the queue fills and a source that cannot wait (UDP) drops the rest.
    const udp = detection.ingest.hub.register({ kind: 'syslog-udp', name: 'core-switch' });
    const lines = Array.from(
      { length: 8 },
      (_, i) => `<134>1 2026-01-13T08:00:0${i}Z sw01 app - - - link flap ${i}`,
    );
    const result = udp.offer(lines, { overflow: 'drop' });
    expect(result.dropped).toBe(5);
    const raised = await harness.waitFor('detect.alert.raised', (e) => {
      const data = e.data as { ruleId?: string };
      return data.ruleId === INGEST_DROP_RULE.id;
    });
    expect(raised.data).toMatchObject({
      title: 'Ingest dropped events',
      level: 'high',
      sourceName: 'core-switch',
    });
  });

  it('refuses to start when a configured rule path does not exist, naming the problem', async () => {
    const { detection } = await open({ rules: ['/nonexistent/rules-dir'] });
    await expect(detection.start()).rejects.toMatchObject({ code: 'DETECT_RULES_PATH_UNREADABLE' });
  });

  it('lists a correlation whose threshold a group can never hold among the rule problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-rules-'));
    try {
      writeFileSync(
        join(dir, 'spray.yml'),
        [
          'title: Logon failure',
          'name: spray_failure',
          'id: 0f4b2d1e-0000-4000-8000-000000000001',
          'logsource: { product: windows, service: security }',
          'detection: { selection: { EventID: 4625 }, condition: selection }',
          'level: low',
          '---',
          'title: Password spraying over a day',
          'id: 0f4b2d1e-0000-4000-8000-000000000002',
          'correlation: { type: event_count, rules: [spray_failure], group-by: [IpAddress], timespan: 1d, condition: { gte: 500 } }',
          'level: high',
        ].join('\n'),
      );
      const { detection } = await open({ rules: [dir], correlation: { maxEntriesPerGroup: 200 } });
      await detection.start();
      const problems = detection.catalog.problems();
      expect(problems).toEqual([
        expect.objectContaining({
          title: 'Password spraying over a day',
          line: 8,
          reason: expect.stringContaining('maxEntriesPerGroup (200)'),
        }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
