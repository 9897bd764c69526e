import type { Engine } from './connect.js';

/**
 * Column types that mean the same on both engines. Times are ISO-8601 UTC text so they sort as text
 * and read the same everywhere; autoincrement differs in spelling only.
 */
export function autoIncrementPrimaryKey(engine: Engine): 'integer' | 'bigserial' {
  return engine === 'postgres' ? 'bigserial' : 'integer';
}

export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}

/** True for a unique or primary-key violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
