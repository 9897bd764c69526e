import { AuditLog } from '../../../kernel/audit/log.js';
import { auditMigrations } from '../../../kernel/audit/migrations.js';
import { InProcessBus } from '../../../kernel/bus/in-process.js';
import type { BusEvent } from '../../../kernel/bus/types.js';
import { ManualClock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import type { TestEngine } from '../../../kernel/db/testkit.js';
import { silentLogger } from '../../../kernel/log/logger.js';
import type { CorrelationMatch, DetectEvent, EventFields, RuleMatch, RuleSummary } from '../types.js';
import { alertMigrations } from './migrations.js';
import { type AlertServiceDeps, AlertService } from './service.js';

export const RULE: RuleSummary = {
  id: '5e1b4c1c-6a3f-4d2e-9d36-0f1d7d1f1a01',
  title: 'Suspicious Encoded PowerShell',
  level: 'high',
  status: 'test',
  tags: ['attack.execution', 'attack.t1059.001'],
  logsource: { product: 'windows', category: 'process_creation' },
};

export const HOST_EVENT: EventFields = {
  Computer: 'ws-icu-07.hospital.example',
  User: 'HOSPITAL\\nurse.jansen',
  Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  CommandLine: 'powershell -enc SQBFAFgA',
  PatientNote: 'raw evidence that must never reach a log line',
};

export function event(fields: EventFields = HOST_EVENT, sourceName = 'dc01-syslog'): DetectEvent {
  return {
    fields,
    source: { kind: 'syslog-tcp', name: sourceName, address: '10.0.0.7:51514' },
    receivedAt: '2026-01-13T08:00:00.000Z',
    time: '2026-01-13T07:59:58.000Z',
    raw: `<134>1 2026-01-13T07:59:58Z ws-icu-07 ${JSON.stringify(fields)}`,
  };
}

export function match(fields: EventFields = HOST_EVENT, rule: RuleSummary = RULE): RuleMatch {
  return { rule, event: event(fields) };
}

export function correlation(group: Record<string, string>, rule: RuleSummary): CorrelationMatch {
  return {
    rule,
    type: 'event_count',
    group,
    value: 12,
    windowStart: '2026-01-13T07:50:00.000Z',
    windowEnd: '2026-01-13T08:00:00.000Z',
    events: [event({ ...HOST_EVENT, ...group })],
  };
}

export interface AlertHarness {
  database: Database;
  service: AlertService;
  audit: AuditLog;
  bus: InProcessBus;
  clock: ManualClock;
  published: BusEvent[];
  /** Waits until the bus has delivered an event of this type matching `where`. */
  waitFor(type: string, where?: (event: BusEvent) => boolean): Promise<BusEvent>;
  close(): Promise<void>;
}

export async function openAlertHarness(
  engine: TestEngine,
  options: Partial<Omit<AlertServiceDeps, 'database' | 'audit' | 'bus' | 'clock'>> = {},
): Promise<AlertHarness> {
  const database = await engine.open([...auditMigrations, ...alertMigrations]);
  const clock = new ManualClock('2026-01-13T08:00:00.000Z');
  const audit = new AuditLog(database, clock);
  const bus = new InProcessBus({ clock });
  const published: BusEvent[] = [];
  await bus.subscribe({ durable: 'alerts-test', types: ['detect.>'], retryDelayMs: 10 }, async (e) => {
    published.push(e);
  });
  const service = new AlertService({ database, audit, bus, clock, logger: silentLogger(), ...options });
  return {
    database,
    service,
    audit,
    bus,
    clock,
    published,
    async waitFor(type, where = () => true) {
      for (let i = 0; i < 200; i++) {
        const found = published.find((e) => e.type === type && where(e));
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no ${type} event was published`);
    },
    async close() {
      await bus.close();
      await database.close();
    },
  };
}
