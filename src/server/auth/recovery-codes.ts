import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../../kernel/crypto/random.js';
import type { AuthContext } from './context.js';

const RECOVERY_CODE_COUNT = 10;

/** Ten single-use codes like `k7p2-9xq4-m3ra`; only their hashes are stored. */
export async function issueRecoveryCodes(userId: string, db: Kysely<any>): Promise<string[]> {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: sha256Hex(code), used_at: null })))
    .execute();
  return codes;
}

export async function consumeRecoveryCode(ctx: AuthContext, userId: string, code: string): Promise<boolean> {
  const normalized = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (normalized.length !== 12) return false;
  const formatted = `${normalized.slice(0, 4)}-${normalized.slice(4, 8)}-${normalized.slice(8, 12)}`;
  const result = await ctx.database.db
    .updateTable('recovery_codes')
    .set({ used_at: ctx.clock.now().toISOString() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', sha256Hex(formatted))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
