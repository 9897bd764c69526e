import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, type Engine, openDatabase } from '../db/connect.js';
import { type Migration, migrate } from '../db/migrate.js';
import { createTestSchema, testPgUrl } from '../db/testkit.js';

/**
 * One isolated test database that several connections can open, the way several processes would:
 * the same SQLite file through separate handles, or the same PostgreSQL schema through separate pools.
 */
export interface SharedTestDatabase {
  /** A new connection to the same data; closed by close(). */
  connect(): Promise<Database>;
  close(): Promise<void>;
}

export async function createSharedTestDatabase(
  engine: Engine,
  migrations: readonly Migration[],
): Promise<SharedTestDatabase> {
  const opened: Database[] = [];
  let url: string;
  let searchPath: string | undefined;
  let cleanup: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-scheduler-'));
    url = `sqlite:${join(dir, 'shared.db')}`;
    cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else {
    if (!testPgUrl) throw new Error('LIFELINE_TEST_PG_URL is not set');
    const schema = await createTestSchema(testPgUrl);
    url = testPgUrl;
    searchPath = schema.schema;
    cleanup = () => schema.drop();
  }
  const connect = async (): Promise<Database> => {
    const database = await openDatabase(url, searchPath ? { searchPath, poolSize: 4 } : {});
    opened.push(database);
    return database;
  };
  await migrate(await connect(), migrations);
  return {
    connect,
    async close() {
      await Promise.all(opened.map((database) => database.close()));
      await cleanup();
    },
  };
}
