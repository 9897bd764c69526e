import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Database } from '../db/connect.js';
import { testEngines } from '../db/testkit.js';
import { AuditLog } from './log.js';
import { auditMigrations } from './migrations.js';

describe.each(testEngines())('audit log on $engine', ({ open }) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function seeded(count: number): Promise<{ log: AuditLog; db: Database }> {
    database = await open(auditMigrations);
    const clock = new ManualClock();
    const log = new AuditLog(database, clock);
    for (let i = 1; i <= count; i++) {
      clock.advance(1000);
      await log.append({
        actor: `user${i % 3}`,
        action: i % 2 ? 'auth.login' : 'user.create',
        target: `t${i}`,
        outcome: 'success',
        details: { n: i },
      });
    }
    return { log, db: database };
  }

  it('chains every record to the previous one and verifies clean', async () => {
    const { log } = await seeded(5);
    const records = await log.list({ limit: 10 });
    expect(records.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    for (let i = 0; i < records.length - 1; i++) expect(records[i]?.prevHash).toBe(records[i + 1]?.hash);
    await expect(log.verify()).resolves.toMatchObject({ ok: true, records: 5 });
  });

  it('names the first record whose content was edited in the database', async () => {
    const { log, db } = await seeded(6);
    await sql`update audit_log set details = ${JSON.stringify({ n: 99 })} where seq = 4`.execute(db.db);
    await expect(log.verify()).resolves.toMatchObject({ ok: false, brokenAt: 4, records: 3 });
  });

  it('notices a deleted record and a rewritten hash', async () => {
    const { log, db } = await seeded(5);
    await sql`delete from audit_log where seq = 2`.execute(db.db);
    await expect(log.verify()).resolves.toMatchObject({ ok: false, brokenAt: 2 });
    await sql`update audit_log set hash = ${'f'.repeat(64)} where seq = 5`.execute(db.db);
    const again = await log.verify();
    expect(again.ok).toBe(false);
  });

  it('keeps one unbroken chain when many records are appended at once', async () => {
    database = await open(auditMigrations);
    const log = new AuditLog(database);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        log.append({ actor: 'system', action: 'test.concurrent', outcome: 'success', details: { i } }),
      ),
    );
    await expect(log.verify()).resolves.toMatchObject({ ok: true, records: 40 });
  });

  it('filters by actor, action prefix, outcome and time, newest first', async () => {
    const { log } = await seeded(9);
    await log.append({ actor: 'mallory', action: 'auth.login', outcome: 'failure' });
    expect((await log.list({ actor: 'mallory' })).map((r) => r.outcome)).toEqual(['failure']);
    expect((await log.list({ action: 'user.' })).every((r) => r.action === 'user.create')).toBe(true);
    expect(await log.list({ outcome: 'failure' })).toHaveLength(1);
    const all = await log.list({});
    const middle = all[5]?.at as string;
    expect((await log.list({ to: middle })).every((r) => r.at <= middle)).toBe(true);
    expect((await log.list({ beforeSeq: 3 })).map((r) => r.seq)).toEqual([2, 1]);
    // The prefix is plain text on both engines: no wildcards, and case matters.
    expect(await log.list({ action: '%' })).toHaveLength(0);
    expect(await log.list({ action: 'user_' })).toHaveLength(0);
    expect(await log.list({ action: 'USER.' })).toHaveLength(0);
    expect((await log.list({ action: 'auth.login' })).length).toBeGreaterThan(0);
  });

  it('commits the record with the caller transaction, or not at all', async () => {
    database = await open(auditMigrations);
    const log = new AuditLog(database);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await log.append({ actor: 'a', action: 'x.y', outcome: 'success' }, trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await log.list()).toHaveLength(0);
  });
});
