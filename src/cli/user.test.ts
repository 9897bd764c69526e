import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../server/auth/passwords.js';
import { type CliHarness, cliHarness } from './cli.testkit.js';

let cli: CliHarness;
beforeEach(() => {
  cli = cliHarness();
});
afterEach(() => cli.close());

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Sqlite(cli.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('lifeline db migrate', () => {
  it('applies the migrations once and reports nothing to do the second time', async () => {
    const first = await cli.run(['db', 'migrate', '--json']);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { applied: string[] };
    expect(report.applied).toEqual(expect.arrayContaining(['kernel/0001-audit-log', 'server/0001-accounts']));
    expect(
      query("select name from sqlite_master where type = 'table' and name = 'departments'"),
    ).toHaveLength(1);

    const second = await cli.run(['db', 'migrate']);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain('up to date');
  });
});

describe('lifeline user', () => {
  it('adds a user with a generated password shown once, and lists it', async () => {
    const added = await cli.run([
      'user',
      'add',
      'Eva.Peeters',
      '--role',
      'clinician',
      '--display-name',
      'Eva Peeters',
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const password = /password:\s+(\S+)/.exec(added.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const [row] = query<{ password_hash: string }>(
      "select password_hash from users where username = 'eva.peeters'",
    );
    expect(await verifyPassword(row?.password_hash ?? '', password ?? '')).toBe(true);

    const listed = await cli.run(['user', 'list', '--json']);
    expect(listed.code).toBe(0);
    const users = JSON.parse(listed.stdout) as { username: string; role: string; displayName: string }[];
    expect(users).toEqual([
      expect.objectContaining({ username: 'eva.peeters', role: 'clinician', displayName: 'Eva Peeters' }),
    ]);
    // The password is in no listing, and the table form names the user too.
    expect(listed.stdout).not.toContain(password);
    expect((await cli.run(['user', 'list'])).stdout).toMatch(/eva\.peeters\s+clinician\s+Eva Peeters/);
  });

  it('takes a password from standard input and prints none', async () => {
    const added = await cli.run(['user', 'add', 'root2', '--role', 'admin', '--password-stdin'], {
      stdin: 'Tr1cky-but-long-enough\n',
    });
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain('password');
    const [row] = query<{ password_hash: string }>(
      "select password_hash from users where username = 'root2'",
    );
    expect(await verifyPassword(row?.password_hash ?? '', 'Tr1cky-but-long-enough')).toBe(true);
  });

  it('refuses a weak password with the policy code', async () => {
    const result = await cli.run(['user', 'add', 'weak', '--role', 'admin', '--password-stdin'], {
      stdin: 'short\n',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lifeline: the password must .* \(PASSWORD_TOO_WEAK\)\n$/);
  });

  it('changes a role, and names the valid roles when given a wrong one', async () => {
    await cli.run(['user', 'add', 'sam', '--role', 'clinician']);
    const changed = await cli.run(['user', 'set-role', 'sam', 'incident-commander']);
    expect(changed).toMatchObject({ code: 0, stderr: '' });
    expect(changed.stdout).toContain('sam is now incident-commander (was clinician)');
    expect(query("select role from users where username = 'sam'")).toEqual([{ role: 'incident-commander' }]);

    const wrong = await cli.run(['user', 'set-role', 'sam', 'surgeon']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toContain(
      'unknown role "surgeon"; valid roles: admin, security-analyst, incident-commander',
    );
    expect(query("select role from users where username = 'sam'")).toEqual([{ role: 'incident-commander' }]);

    const add = await cli.run(['user', 'add', 'kim', '--role', 'boss']);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('valid roles');
  });

  it('keeps the last administrator', async () => {
    await cli.run(['user', 'add', 'only-admin', '--role', 'admin']);
    const result = await cli.run(['user', 'set-role', 'only-admin', 'auditor']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(USER_LAST_ADMIN)');
  });

  it('sets a password, unlocks and resets MFA, and reports an unknown user', async () => {
    await cli.run(['user', 'add', 'lou', '--role', 'trainer']);
    const set = await cli.run(['user', 'set-password', 'lou', '--password-stdin'], {
      stdin: 'A-new-secret-for-L0u-x9',
    });
    expect(set).toMatchObject({ code: 0, stderr: '' });
    const [row] = query<{ password_hash: string }>("select password_hash from users where username = 'lou'");
    expect(await verifyPassword(row?.password_hash ?? '', 'A-new-secret-for-L0u-x9')).toBe(true);

    const db = new Sqlite(cli.dbFile);
    db.prepare(
      "update users set failed_logins = 5, locked_until = '2999-01-01T00:00:00.000Z', mfa_enabled = 1, mfa_secret = 'X' where username = 'lou'",
    ).run();
    db.close();
    expect((await cli.run(['user', 'unlock', 'lou'])).code).toBe(0);
    expect((await cli.run(['user', 'reset-mfa', 'lou'])).code).toBe(0);
    expect(
      query("select failed_logins, locked_until, mfa_enabled, mfa_secret from users where username = 'lou'"),
    ).toEqual([{ failed_logins: 0, locked_until: null, mfa_enabled: 0, mfa_secret: null }]);

    const missing = await cli.run(['user', 'unlock', 'nobody']);
    expect(missing).toMatchObject({ code: 1, stderr: 'lifeline: no user named "nobody" (USER_NOT_FOUND)\n' });
  });

  it('audits every change under the operating system user', async () => {
    await cli.run(['user', 'add', 'ann', '--role', 'auditor']);
    await cli.run(['user', 'set-role', 'ann', 'trainer']);
    const records = query<{ actor: string; action: string; target: string }>(
      'select actor, action, target from audit_log order by seq',
    );
    expect(records.map((r) => r.action)).toEqual(['user.create', 'user.role.change']);
    for (const record of records) {
      expect(record.actor).toMatch(/^cli:.+/);
      expect(record.target).toBe('ann');
    }
  });
});
