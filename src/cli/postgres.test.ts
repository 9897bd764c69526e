import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, testPgUrl } from '../kernel/db/testkit.js';
import { type CliHarness, cliHarness } from './cli.testkit.js';

/**
 * The same commands against PostgreSQL. The schema travels in the URL's `options` parameter, which
 * node-postgres hands to the server as a start-up option, exactly as an operator could configure it.
 */
describe.skipIf(!testPgUrl)('lifeline on PostgreSQL', () => {
  let cli: CliHarness;
  let schema: { schema: string; drop(): Promise<void> };

  beforeAll(async () => {
    schema = await createTestSchema(testPgUrl as string);
    const url = new URL(testPgUrl as string);
    url.searchParams.set('options', `-c search_path=${schema.schema}`);
    cli = cliHarness({ LIFELINE_DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    cli.close();
    await schema.drop();
  });

  it('migrates into the isolated schema', async () => {
    const result = await cli.run(['db', 'migrate', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(result.stdout) as { applied: string[] }).applied).toContain('server/0001-accounts');
    expect((await cli.run(['db', 'migrate', '--json'])).stdout).toContain('"applied": []');
  });

  it('adds, lists and changes users', async () => {
    expect((await cli.run(['user', 'add', 'pg-user', '--role', 'clinician'])).code).toBe(0);
    expect((await cli.run(['user', 'set-role', 'pg-user', 'trainer'])).code).toBe(0);
    const listed = JSON.parse((await cli.run(['user', 'list', '--json'])).stdout) as {
      username: string;
      role: string;
    }[];
    expect(listed).toEqual([expect.objectContaining({ username: 'pg-user', role: 'trainer' })]);
    const wrong = await cli.run(['user', 'set-role', 'pg-user', 'surgeon']);
    expect(wrong.code).toBe(2);
  });

  it('creates, lists and revokes tokens, and the audit chain holds', async () => {
    await cli.run(['user', 'add', 'pg-bot', '--role', 'security-analyst']);
    const created = await cli.run(['token', 'create', 'pg-bot', '--name', 'feed', '--scope', 'audit.read']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/llt_[A-Za-z0-9_-]{20,}/);
    const [token] = JSON.parse((await cli.run(['token', 'list', '--json'])).stdout) as {
      id: string;
      revokedAt: string | null;
    }[];
    expect(token?.revokedAt).toBeNull();
    expect((await cli.run(['token', 'revoke', token?.id ?? ''])).code).toBe(0);
    const [after] = JSON.parse((await cli.run(['token', 'list', '--json'])).stdout) as {
      revokedAt: string | null;
    }[];
    expect(after?.revokedAt).toEqual(expect.any(String));

    expect((await cli.run(['demo', 'seed'])).code).toBe(0);
    expect((await cli.run(['demo', 'seed'])).stdout).toContain('nothing changed');
    const verify = await cli.run(['audit', 'verify', '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  });
});
