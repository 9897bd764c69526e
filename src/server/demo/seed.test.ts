import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../kernel/config/schema.js';
import { lifelineConfigSchema } from '../config.js';
import type { Database } from '../../kernel/db/connect.js';
import { testEngines } from '../../kernel/db/testkit.js';
import { silentLogger } from '../../kernel/log/logger.js';
import { verifyPassword } from '../auth/passwords.js';
import { type Platform, allMigrations, openPlatform } from '../platform.js';
import { DEMO_HOSPITAL_FILE, loadDemoHospital } from './hospital.js';
import { hasUsers, seedDemo } from './seed.js';

describe('demo hospital description', () => {
  it('ships one account per role, six departments and only reserved e-mail domains', () => {
    const demo = loadDemoHospital();
    expect(DEMO_HOSPITAL_FILE).toMatch(/content[/\\]demo[/\\]hospital\.yaml$/);
    expect(demo.hospital.name).toBe('AZ Demo Ziekenhuis');
    expect([...new Set(demo.users.map((user) => user.role))].sort()).toEqual([...ROLES].sort());
    expect(demo.departments.map((d) => d.name)).toEqual([
      'Emergency',
      'Intensive Care',
      'Surgery',
      'Cardiology',
      'Radiology',
      'Pharmacy',
    ]);
    expect(demo.hospital.emailDomain).toMatch(/\.example$/);
  });

  it('rejects a broken file with the place of the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-demo-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(
        file,
        'hospital: {name: X, site: Y, emailDomain: real-hospital.be}\ndepartments: []\nusers: []\n',
      );
      expect(() => loadDemoHospital(file)).toThrow(
        /hospital\.emailDomain: must use the reserved \.example domain/,
      );
      writeFileSync(file, 'hospital: [unclosed');
      expect(() => loadDemoHospital(file)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(testEngines())('seedDemo on $engine', (engine) => {
  let database: Database | undefined;
  let platform: Platform | undefined;
  afterEach(async () => {
    await platform?.close();
    await database?.close();
  });

  async function start(): Promise<Platform> {
    database = await engine.open(allMigrations());
    const config = lifelineConfigSchema.parse({ log: { level: 'silent' } });
    platform = await openPlatform(config, { database, logger: silentLogger() });
    return platform;
  }

  it('adds every department and account once, with working passwords, and audits it', async () => {
    const { services } = await start();
    expect(await hasUsers(services.database)).toBe(false);
    const first = await seedDemo(services, { actor: 'cli:test' });
    expect(first.changed).toBe(true);
    expect(first.departmentsAdded).toHaveLength(6);
    expect(first.accountsAdded.map((a) => a.username)).toEqual([
      'admin',
      'analyst',
      'commander',
      'nurse.jansen',
      'trainer',
      'auditor',
    ]);
    expect(first.admin?.username).toBe('admin');
    const row = await services.auth.users.byUsername('nurse.jansen');
    expect(row?.role).toBe('clinician');
    expect(row?.email).toBe('nurse.jansen@demo-ziekenhuis.example');
    const nursePassword = first.accountsAdded.find((a) => a.username === 'nurse.jansen')?.password ?? '';
    expect(await verifyPassword(row?.password_hash ?? '', nursePassword)).toBe(true);
    expect(await hasUsers(services.database)).toBe(true);

    const auditBefore = (await services.audit.list({ limit: 1000 })).length;
    const second = await seedDemo(services, { actor: 'cli:test' });
    expect(second).toEqual({
      hospital: 'AZ Demo Ziekenhuis',
      changed: false,
      departmentsAdded: [],
      accountsAdded: [],
      admin: null,
    });
    expect((await services.audit.list({ limit: 1000 })).length).toBe(auditBefore);
    const summary = await services.audit.list({ action: 'demo.seed' });
    expect(summary).toHaveLength(1);
    expect(summary[0]?.details).toMatchObject({
      users: ['admin', 'analyst', 'commander', 'nurse.jansen', 'trainer', 'auditor'],
    });
    expect((await services.audit.verify()).ok).toBe(true);
    const departments = await services.database.db
      .selectFrom('departments')
      .selectAll()
      .orderBy('id')
      .execute();
    expect(departments.map((d) => d.id)).toEqual([
      'cardiology',
      'emergency',
      'icu',
      'pharmacy',
      'radiology',
      'surgery',
    ]);
    expect(departments.find((d) => d.id === 'icu')).toMatchObject({ site: 'Campus Noord', beds: 18 });
  });

  it('fills in only what is missing and survives two seeders racing', async () => {
    const { services } = await start();
    await services.users.create(
      { username: 'trainer', displayName: 'Existing', role: 'auditor' },
      { actor: 'x', sourceIp: null },
    );
    const [a, b] = await Promise.all([
      seedDemo(services, { actor: 'one' }),
      seedDemo(services, { actor: 'two' }),
    ]);
    const created = [...a.accountsAdded, ...b.accountsAdded].map((account) => account.username).sort();
    expect(created).toEqual(['admin', 'analyst', 'auditor', 'commander', 'nurse.jansen']);
    expect([...a.departmentsAdded, ...b.departmentsAdded].sort()).toHaveLength(6);
    // The pre-existing account keeps its own role and name.
    expect(await services.auth.users.byUsername('trainer')).toMatchObject({
      role: 'auditor',
      display_name: 'Existing',
    });
    expect((await services.audit.verify()).ok).toBe(true);
  });
});
