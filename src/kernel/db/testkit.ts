import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from './connect.js';
import { type Migration, migrate } from './migrate.js';

export interface TestEngine {
  readonly engine: Engine;
  /** A fresh, migrated, isolated database; call the returned close when done. */
  open: (migrations?: readonly Migration[]) => Promise<Database>;
}

export const testPgUrl = process.env.LIFELINE_TEST_PG_URL;

/**
 * The engines a store contract suite runs on: SQLite always, PostgreSQL when LIFELINE_TEST_PG_URL is
 * set (CI always sets it). Each open() gets its own SQLite file or its own PostgreSQL schema, so
 * test files run in parallel without seeing each other.
 */
export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [{ engine: 'sqlite', open: openTestSqlite }];
  if (testPgUrl) engines.push({ engine: 'postgres', open: (m) => openTestPostgres(testPgUrl, m) });
  return engines;
}

async function openTestSqlite(migrations: readonly Migration[] = []): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-db-'));
  const database = await openDatabase(`sqlite:${join(dir, 'test.db')}`);
  await migrate(database, migrations);
  return {
    ...database,
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestSchema(url: string): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

async function openTestPostgres(url: string, migrations: readonly Migration[] = []): Promise<Database> {
  const { schema, drop } = await createTestSchema(url);
  const database = await openDatabase(url, { searchPath: schema, poolSize: 4 });
  await migrate(database, migrations);
  return {
    ...database,
    async close() {
      await database.close();
      await drop();
    },
  };
}
