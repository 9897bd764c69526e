import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../kernel/crypto/random.js';
import { type CliHarness, cliHarness } from './cli.testkit.js';

let cli: CliHarness;
beforeEach(async () => {
  cli = cliHarness();
  expect((await cli.run(['user', 'add', 'soc-bot', '--role', 'security-analyst'])).code).toBe(0);
});
afterEach(() => cli.close());

function tokenRows(): {
  id: string;
  secret_hash: string;
  scopes: string;
  expires_at: string | null;
  revoked_at: string | null;
}[] {
  const db = new Sqlite(cli.dbFile, { readonly: true });
  try {
    return db
      .prepare('select id, secret_hash, scopes, expires_at, revoked_at from api_tokens')
      .all() as never;
  } finally {
    db.close();
  }
}

describe('lifeline token', () => {
  it('creates a token whose secret is printed once and is the one stored', async () => {
    const created = await cli.run([
      'token',
      'create',
      'soc-bot',
      '--name',
      'siem',
      '--scope',
      'audit.read',
      '--expires-in-days',
      '30',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const secret = /llt_[A-Za-z0-9_-]{20,}/.exec(created.stdout)?.[0];
    expect(secret).toBeDefined();
    const [row] = tokenRows();
    expect(row?.secret_hash).toBe(sha256Hex(secret ?? ''));
    expect(JSON.parse(row?.scopes ?? '[]')).toEqual(['audit.read']);
    const days = (Date.parse(row?.expires_at ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);

    const listed = await cli.run(['token', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        id: row?.id,
        name: 'siem',
        owner: 'soc-bot',
        scopes: ['audit.read'],
        revokedAt: null,
      }),
    ]);
    expect(listed.stdout).not.toContain(secret);
    expect((await cli.run(['token', 'list'])).stdout).toMatch(/siem\s+soc-bot\s+audit\.read\s+active/);
  });

  it('accepts several scopes, space or comma separated', async () => {
    const created = await cli.run([
      'token',
      'create',
      'soc-bot',
      '--name',
      'two',
      '--scope',
      'audit.read,tokens.manage',
    ]);
    expect(created.code).toBe(0);
    expect(JSON.parse(tokenRows()[0]?.scopes ?? '')).toEqual(['audit.read', 'tokens.manage']);
  });

  it('refuses scopes the owner does not hold, and unknown ones, creating nothing', async () => {
    const beyond = await cli.run(['token', 'create', 'soc-bot', '--name', 'x', '--scope', 'users.manage']);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toMatch(
      /^lifeline: soc-bot \(security-analyst\) does not hold users\.manage.*\(VALIDATION_FAILED\)\n$/,
    );
    const unknown = await cli.run(['token', 'create', 'soc-bot', '--name', 'x', '--scope', 'vault.wipe']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown permission vault.wipe');
    const missing = await cli.run(['token', 'create', 'soc-bot', '--name', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'--scope <permission...>' not specified");
    expect(tokenRows()).toEqual([]);
  });

  it('revokes a token once, says so the second time, and reports an unknown id', async () => {
    await cli.run(['token', 'create', 'soc-bot', '--name', 'old', '--scope', 'audit.read']);
    const id = tokenRows()[0]?.id ?? '';
    const revoked = await cli.run(['token', 'revoke', id]);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    const at = tokenRows()[0]?.revoked_at;
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const again = await cli.run(['token', 'revoke', id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('revoked already');
    expect(tokenRows()[0]?.revoked_at).toBe(at);
    expect((await cli.run(['token', 'list'])).stdout).toMatch(/old\s+soc-bot\s+audit\.read\s+revoked/);

    const unknown = await cli.run(['token', 'revoke', 'no-such-id']);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: 'lifeline: no API token with id no-such-id (TOKEN_NOT_FOUND)\n',
    });
  });
});
