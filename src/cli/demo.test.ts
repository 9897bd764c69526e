import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliHarness, cliHarness } from './cli.testkit.js';

let cli: CliHarness;
beforeEach(() => {
  cli = cliHarness();
});
afterEach(() => cli.close());

function count(table: string): number {
  const db = new Sqlite(cli.dbFile, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('lifeline demo seed', () => {
  it('seeds the hospital once, shows only the administrator password, and changes nothing the second time', async () => {
    const first = await cli.run(['demo', 'seed']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(
      'seeded demo hospital "AZ Demo Ziekenhuis": 6 department(s), 6 account(s)',
    );
    expect(first.stdout.match(/password:\s+\S{20}/g)).toHaveLength(1);
    expect(first.stdout).toContain('nurse.jansen (clinician)');
    expect(count('departments')).toBe(6);
    expect(count('users')).toBe(6);
    const audit = count('audit_log');

    const second = await cli.run(['demo', 'seed']);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toBe('demo hospital "AZ Demo Ziekenhuis" is in place already; nothing changed\n');
    expect(count('users')).toBe(6);
    expect(count('audit_log')).toBe(audit);
    expect((await cli.run(['audit', 'verify'])).code).toBe(0);
  });

  it('prints every generated password once when asked, also as JSON', async () => {
    await cli.run(['user', 'add', 'admin', '--role', 'admin']);
    const result = await cli.run(['demo', 'seed', '--json', '--print-passwords']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      admin: unknown;
      accountsAdded: { username: string; password?: string }[];
    };
    // The administrator existed already, so no administrator password comes back.
    expect(json.admin).toBeNull();
    expect(json.accountsAdded.map((a) => a.username)).toEqual([
      'analyst',
      'commander',
      'nurse.jansen',
      'trainer',
      'auditor',
    ]);
    for (const account of json.accountsAdded) expect(account.password).toMatch(/^\S{20}$/);

    const quiet = cliHarness();
    try {
      const plain = JSON.parse((await quiet.run(['demo', 'seed', '--json'])).stdout) as typeof json;
      expect(plain.accountsAdded.filter((a) => a.password !== undefined).map((a) => a.username)).toEqual([
        'admin',
      ]);
    } finally {
      quiet.close();
    }
  });
});
