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
