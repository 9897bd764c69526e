import { createHash, randomBytes } from 'node:crypto';
import type { AuditLog } from '../kernel/audit/log.js';
import type { Clock } from '../kernel/clock.js';
import type { PlatformConfig } from '../kernel/config/schema.js';
import type { Database } from '../kernel/db/connect.js';

const FINGERPRINT_KEY = 'platform.config-fingerprint';

interface Fingerprint {
  salt: string;
  keys: Record<string, string>;
}

/** Every leaf of the configuration as `section.key` → value. */
function leaves(value: unknown, path: string[] = [], out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, [...path, key], out);
  } else {
    out.set(path.join('.'), value);
  }
  return out;
}

/**
 * Configuration is read from a file and the environment at start, so a change shows up as a
 * difference from the previous start. The audit record names the changed keys only: values may be
 * secrets, and the stored fingerprint keeps salted hashes of them, never the values.
 */
export async function auditConfigChanges(
  config: PlatformConfig,
  database: Database,
  audit: AuditLog,
  clock: Clock,
): Promise<string[]> {
  const row = (await database.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', FINGERPRINT_KEY)
    .executeTakeFirst()) as { value: string } | undefined;
  const previous = row ? (JSON.parse(row.value) as Fingerprint) : undefined;
  const salt = previous?.salt ?? randomBytes(16).toString('hex');
  const hash = (value: unknown) =>
    createHash('sha256').update(salt).update(JSON.stringify(value)).digest('hex');
  const current: Fingerprint = { salt, keys: {} };
  for (const [key, value] of leaves(config)) current.keys[key] = hash(value);
  const names = new Set([...Object.keys(current.keys), ...Object.keys(previous?.keys ?? {})]);
  const changed = [...names].filter((key) => current.keys[key] !== previous?.keys[key]).sort();
  if (previous && changed.length === 0) return [];
  await database.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('settings').where('key', '=', FINGERPRINT_KEY).execute();
    await trx
      .insertInto('settings')
      .values({
        key: FINGERPRINT_KEY,
        value: JSON.stringify(current),
        updated_at: clock.now().toISOString(),
        updated_by: 'system',
      })
      .execute();
    await audit.append(
      {
        actor: 'system',
        action: 'config.change',
        target: 'platform',
        outcome: 'success',
        details: previous ? { changed } : { changed: ['(first start)'] },
      },
      trx,
    );
  });
  return previous ? changed : [];
}
