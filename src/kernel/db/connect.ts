import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { LifelineError } from '../errors.js';

export type Engine = 'sqlite' | 'postgres';

/**
 * One handle for both engines. Stores write portable SQL: text ids, ISO-8601 UTC text for times,
 * integers 0/1 for flags, JSON as text. That keeps one contract suite valid on both engines.
 */
export interface Database {
  readonly db: Kysely<any>;
  readonly engine: Engine;
  /** Where the data lives, with any password removed; safe to log. */
  readonly location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL schema to use instead of `public` (tests isolate themselves this way). */
  searchPath?: string;
  poolSize?: number;
}

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new LifelineError('CONFIG_INVALID', 'database.url must start with sqlite: or postgres://', {
    key: 'database.url',
  });
}

function openSqlite(path: string): Database {
  const inMemory = path === ':memory:' || path === '';
  const file = inMemory ? ':memory:' : resolve(path);
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  let native: SqliteDatabase.Database;
  try {
    native = new SqliteDatabase(file);
  } catch (error) {
    throw new LifelineError('DB_UNAVAILABLE', `cannot open SQLite database at ${file}`, {}, { cause: error });
  }
  native.pragma('journal_mode = WAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  native.pragma('synchronous = NORMAL');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(native) }) });
  return {
    db,
    engine: 'sqlite',
    location: `sqlite:${file}`,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query afresh; on SQLite preparing costs more than running a small query.
 * Statements are keyed by their SQL text (values are bound separately), so a bounded cache of them
 * serves the same few hundred queries a server runs over and over.
 */
function withStatementCache(native: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (requested: string): SqliteDatabase.Statement => {
    // A deferred transaction that reads first and writes later fails at once (SQLITE_BUSY, which
    // busy_timeout does not cover) when another process wrote meanwhile; taking the write lock at
    // BEGIN makes it wait its turn instead.
    const source = requested === 'begin' ? 'begin immediate' : requested;
    const cached = cache.get(source);
    if (cached) {
      cache.delete(source);
      cache.set(source, cached); // most recently used last, so the oldest is evicted first
      return cached;
    }
    const statement = native.prepare(source);
    cache.set(source, statement);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return statement;
  };
  return new Proxy(native, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  const location = redactUrl(url);
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new LifelineError('DB_UNAVAILABLE', `cannot reach PostgreSQL at ${location}`, {}, { cause: error });
  }
  return {
    db,
    engine: 'postgres',
    location,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
