import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliHarness, cliHarness } from './cli.testkit.js';

let cli: CliHarness;
beforeEach(() => {
  cli = cliHarness();
});
afterEach(() => cli.close());

function tamper(sql: string, ...params: unknown[]): void {
  const db = new Sqlite(cli.dbFile);
  db.prepare(sql).run(...params);
  db.close();
}

describe('lifeline audit verify', () => {
  beforeEach(async () => {
    await cli.run(['user', 'add', 'ops', '--role', 'admin']);
    await cli.run(['user', 'add', 'nurse', '--role', 'clinician']);
    await cli.run(['user', 'set-role', 'nurse', 'auditor']);
  });

  it('reports an intact chain with exit 0', async () => {
    const result = await cli.run(['audit', 'verify']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^audit log intact: 3 records, head [0-9a-f]{64}\n$/);
    const json = await cli.run(['audit', 'verify', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, records: 3 });
  });

  it('names the first altered record and exits 1', async () => {
    tamper('update audit_log set details = ? where seq = 2', JSON.stringify({ role: 'admin' }));
    const result = await cli.run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'lifeline: audit chain broken at record 2: record content does not match its hash; record 1 is intact (AUDIT_CHAIN_BROKEN)\n',
    );
    const json = await cli.run(['audit', 'verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      records: 1,
      brokenAt: 2,
      reason: 'record content does not match its hash',
    });
  });

  it('notices a removed record', async () => {
    tamper('delete from audit_log where seq = 2');
    const result = await cli.run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken at record 2: record 2 is missing');
  });
});
