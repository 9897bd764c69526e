import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../kernel/audit/log.js';
import { auditMigrations } from '../../kernel/audit/migrations.js';
import { InProcessBus } from '../../kernel/bus/in-process.js';
import { openDatabase } from '../../kernel/db/connect.js';
import { migrate } from '../../kernel/db/migrate.js';
import { silentLogger } from '../../kernel/log/logger.js';
import {
  continuityConfigSchema,
  continuityMigrations,
  continuityPlatform,
} from '../../modules/continuity/index.js';
// eslint-disable-next-line no-restricted-imports -- test kits are not part of the module's public index
import {
  ADMIN,
  IDS,
  NOW,
  documentedEntries,
  downtimeResources,
  exported,
  startEhr,
  stateOf,
} from '../../modules/continuity/reconcile/world.testkit.js';
import { CliContext } from '../context.js';
import { reportFailure } from '../failure.js';
import { resolveIo } from '../io.js';
import { registerContinuityReconcileImport } from './continuity-reconcile-import.js';
import { registerContinuityReconcileList } from './continuity-reconcile-list.js';
import { registerContinuityReconcilePost } from './continuity-reconcile-post.js';
import {
  registerContinuityReconcileApprove,
  registerContinuityReconcileReject,
} from './continuity-reconcile-review.js';

let dir: string;
let ehr: Awaited<ReturnType<typeof startEhr>>['ehr'];

/** `lifeline continuity reconcile …` against the test database, as main.ts will register it. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = resolveIo({
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { LIFELINE_DATABASE_URL: `sqlite:${join(dir, 'x.db')}`, LIFELINE_LOG_LEVEL: 'silent' },
    stdin: Readable.from([]),
    cwd: dir,
  });
  const ctx = new CliContext(io);
  const program = new Command('lifeline').option('--config <file>').exitOverride();
  program.configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  const reconcile = program.command('continuity').command('reconcile');
  registerContinuityReconcileImport(reconcile, ctx);
  registerContinuityReconcileList(reconcile, ctx);
  registerContinuityReconcileApprove(reconcile, ctx);
  registerContinuityReconcileReject(reconcile, ctx);
  registerContinuityReconcilePost(reconcile, ctx);
  try {
    await program.parseAsync(['node', 'lifeline', 'continuity', 'reconcile', ...args]);
    return { code: ctx.exitCode, stdout, stderr };
  } catch (error) {
    return { code: reportFailure(error, io), stdout, stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-cli-reconcile-'));
  const started = await startEhr(dir);
  ehr = started.ehr;
  writeFileSync(join(dir, 'lifeline.yaml'), JSON.stringify({ continuity: { sources: [started.source] } }));
  // The mirror as a sync leaves it, and the documentation key the unit's kits carry.
  const database = await openDatabase(`sqlite:${join(dir, 'x.db')}`);
  try {
    await migrate(database, [...auditMigrations, ...continuityMigrations]);
    const platform = continuityPlatform({
      config: continuityConfigSchema.parse({ sources: [started.source] }),
      database,
      bus: new InProcessBus(),
      audit: new AuditLog(database),
      clock: { now: () => new Date(NOW) },
      logger: silentLogger(),
      dataDir: join(dir, 'continuity'),
    });
    await platform.service.syncSource('ehr', ADMIN);
    const key = await platform.keys.documentationKey('unit:ICU', NOW);
    const bundle = await exported(stateOf(documentedEntries()), key, 'e6000000-0000-4000-8000-000000000001');
    writeFileSync(join(dir, 'downtime.json'), JSON.stringify(bundle, null, 2));
    (bundle.entry as { resource: { date?: string } }[]).find((entry) => entry.resource.date)!.resource.date =
      '2026-11-20T00:00:00.000Z';
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(bundle));
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await ehr.double.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('lifeline continuity reconcile', () => {
  it('imports a downtime file once and refuses a tampered one', async () => {
    const tampered = await run(['import', 'tampered.json']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('CONTINUITY_RECONCILE_SIGNATURE_INVALID');
    const first = await run(['import', 'downtime.json']);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain('8 items to review, 0 already known, 1 viewer openings audited');
    const again = await run(['import', 'downtime.json']);
    expect(again.stdout).toMatch(/^already imported downtime\.json/);
  });

  it('lists the queue with matches and conflicts, and takes reviews', async () => {
    const listed = await run(['list', '--status', 'pending']);
    expect(listed.stdout).toContain('conflict: Dose may have been documented twice');
    expect(listed.stdout).toContain('patient: Peeters, Lotte MRN-1001 (matched p1)');
    expect((await run(['list', '--status', 'lost'])).code).toBe(2);

    const items = JSON.parse((await run(['list', '--json'])).stdout) as { id: string; downtimeId: string }[];
    const id = (downtimeId: string) => items.find((item) => item.downtimeId === downtimeId)!.id;
    const uncertain = await run(['approve', id(IDS.knownPatient)]);
    expect(uncertain.code).toBe(1);
    expect(uncertain.stderr).toContain('CONTINUITY_RECONCILE_PATIENT_REQUIRED');
    expect((await run(['approve', id(IDS.knownPatient), '--patient', 'p2'])).stdout).toContain('approved');
    expect((await run(['reject', id(IDS.bloodPressure), '--reason', 'wrong cuff'])).stdout).toContain(
      'rejected: wrong cuff',
    );
    for (const item of items) {
      if (item.downtimeId !== IDS.knownPatient && item.downtimeId !== IDS.bloodPressure)
        expect((await run(['approve', item.id])).code).toBe(0);
    }
  });

  it('posts the approved items to the EHR and says what failed', async () => {
    ehr.double.faults.refuseEntry = (resource) => resource.resourceType === 'DocumentReference';
    const refused = await run(['post']);
    ehr.double.faults.refuseEntry = null;
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^posted \d+, failed \d+/);
    expect(refused.stdout).toContain('error: The EHR refused the transaction (HTTP 422, business-rule)');
    const retried = await run(['post']);
    expect(retried).toMatchObject({ code: 0 });
    expect(retried.stdout).toMatch(/^posted \d+, failed 0/);
    expect(downtimeResources(ehr.store, 'DocumentReference')).toHaveLength(2);
    expect(downtimeResources(ehr.store, 'MedicationAdministration')).toHaveLength(1);
    expect(await run(['post'])).toMatchObject({ code: 0, stdout: 'posted 0, failed 0\n' });
  });
});
