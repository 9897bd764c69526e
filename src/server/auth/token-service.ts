import { randomId, randomToken, sha256Hex } from '../../kernel/crypto/random.js';
import { LifelineError } from '../../kernel/errors.js';
import type { AuthContext } from './context.js';
import { permissionsOf, roleHas } from './rbac.js';
import type { ApiToken, User } from './types.js';

interface TokenRow {
  id: string;
  name: string;
  owner_id: string;
  secret_hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const TOKEN_PREFIX = 'llt_';

/**
 * API tokens for agents and scripts. The secret is shown once; only its hash is kept. A token can do
 * no more than its scopes, and never more than its owner's role allows today.
 */
export class TokenService {
  constructor(private readonly ctx: AuthContext) {}

  async create(
    owner: User,
    input: { name: string; scopes: string[]; expiresInDays?: number | undefined },
    actor: string,
    sourceIp: string | null,
    /** What the caller may hand out: its own effective permissions (a token's scopes, a role's rights). */
    grantable: ReadonlySet<string> = new Set(permissionsOf(owner.role)),
  ): Promise<{ token: ApiToken; secret: string }> {
    const beyondOwner = input.scopes.filter((scope) => !roleHas(owner.role, scope));
    const beyondCreator = input.scopes.filter((scope) => roleHas(owner.role, scope) && !grantable.has(scope));
    if (beyondOwner.length > 0 || beyondCreator.length > 0) {
      const reasons = [
        beyondOwner.length > 0
          ? `${owner.username} (${owner.role}) does not hold ${beyondOwner.join(', ')}`
          : '',
        beyondCreator.length > 0 ? `the creating token does not hold ${beyondCreator.join(', ')}` : '',
      ].filter(Boolean);
      throw new LifelineError('VALIDATION_FAILED', `${reasons.join('; ')}; a token cannot exceed them`, {
        field: 'scopes',
        refused: [...beyondOwner, ...beyondCreator],
      });
    }
    const secret = `${TOKEN_PREFIX}${randomToken(32)}`;
    const now = this.ctx.clock.now();
    const row: TokenRow = {
      id: randomId(),
      name: input.name,
      owner_id: owner.id,
      secret_hash: sha256Hex(secret),
      scopes: JSON.stringify([...new Set(input.scopes)].sort()),
      created_at: now.toISOString(),
      expires_at: input.expiresInDays
        ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString()
        : null,
      last_used_at: null,
      revoked_at: null,
    };
    await this.ctx.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('api_tokens').values(row).execute();
      await this.ctx.audit.append(
        {
          actor,
          action: 'token.create',
          target: row.id,
          outcome: 'success',
          details: { name: row.name, owner: owner.username },
          sourceIp,
        },
        trx,
      );
    });
    return { token: this.toToken(row, owner.username), secret };
  }

  async list(owner: User | null): Promise<ApiToken[]> {
    let query = this.ctx.database.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.owner_id')
      .selectAll('api_tokens')
      .select('users.username');
    if (owner) query = query.where('api_tokens.owner_id', '=', owner.id);
    const rows = (await query.orderBy('api_tokens.created_at', 'desc').execute()) as (TokenRow & {
      username: string;
    })[];
    return rows.map((row) => this.toToken(row, row.username));
  }

  async revoke(id: string, requester: User, actor: string, sourceIp: string | null): Promise<void> {
    const row = (await this.ctx.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as TokenRow | undefined;
    // Someone else's token is reported as missing, not forbidden, so ids cannot be probed.
    if (!row || (row.owner_id !== requester.id && requester.role !== 'admin')) {
      throw new LifelineError('TOKEN_NOT_FOUND');
    }
    await this.ctx.database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: this.ctx.clock.now().toISOString() })
        .where('id', '=', id)
        .execute();
      await this.ctx.audit.append(
        {
          actor,
          action: 'token.revoke',
          target: id,
          outcome: 'success',
          details: { name: row.name },
          sourceIp,
        },
        trx,
      );
    });
  }

  /** The owner and effective permissions for a presented secret, or an AUTH_TOKEN_INVALID error. */
  async authenticate(secret: string): Promise<{ user: User; permissions: Set<string>; token: ApiToken }> {
    if (!secret.startsWith(TOKEN_PREFIX)) throw new LifelineError('AUTH_TOKEN_INVALID');
    const row = (await this.ctx.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('secret_hash', '=', sha256Hex(secret))
      .executeTakeFirst()) as TokenRow | undefined;
    const now = this.ctx.clock.now().toISOString();
    if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now))
      throw new LifelineError('AUTH_TOKEN_INVALID');
    const ownerRow = await this.ctx.users.byId(row.owner_id);
    if (!ownerRow || ownerRow.disabled === 1) throw new LifelineError('AUTH_TOKEN_INVALID');
    const user = this.ctx.users.toUser(ownerRow);
    const scopes = JSON.parse(row.scopes) as string[];
    const permissions = new Set(scopes.filter((scope) => roleHas(user.role, scope)));
    if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
      await this.ctx.database.db
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', row.id)
        .execute();
    }
    return { user, permissions, token: this.toToken(row, user.username) };
  }

  private toToken(row: TokenRow, owner: string): ApiToken {
    return {
      id: row.id,
      name: row.name,
      owner,
      scopes: JSON.parse(row.scopes) as string[],
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
    };
  }
}
