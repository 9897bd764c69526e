import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../kernel/audit/log.js';
import { ManualClock } from '../kernel/clock.js';
import { lifelineConfigSchema } from './config.js';
import type { Database } from '../kernel/db/connect.js';
import { testEngines } from '../kernel/db/testkit.js';
import { auditConfigChanges } from './config-audit.js';
import { allMigrations } from './platform.js';

describe.each(testEngines())('configuration changes on $engine', ({ open }) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it('audits the keys that changed since the last start, never their values', async () => {
    database = await open(allMigrations());
    const clock = new ManualClock();
    const audit = new AuditLog(database, clock);
    const first = lifelineConfigSchema.parse({ auth: { lockoutThreshold: 5 } });
    await auditConfigChanges(first, database, audit, clock);
    expect(await auditConfigChanges(first, database, audit, clock)).toEqual([]);

    const secret = 'super-secret-client-value';
    const second = lifelineConfigSchema.parse({
      auth: {
        lockoutThreshold: 3,
        oidc: {
          issuer: 'https://idp.example',
          clientId: 'l',
          clientSecret: secret,
          redirectUri: 'https://l.example/cb',
        },
      },
    });
    const changed = await auditConfigChanges(second, database, audit, clock);
    expect(changed).toContain('auth.lockoutThreshold');
    expect(changed).toContain('auth.oidc.clientSecret');
    expect(changed).not.toContain('server.port');

    const records = await audit.list({ action: 'config.change' });
    expect(records).toHaveLength(2);
    expect(records[0]?.details.changed).toEqual(changed);
    const stored = JSON.stringify(await database.db.selectFrom('settings').selectAll().execute());
    expect(stored).not.toContain(secret);
    expect(JSON.stringify(records)).not.toContain(secret);
    await expect(audit.verify()).resolves.toMatchObject({ ok: true });
  });
});
