import type { OidcConfig } from '../../kernel/config/schema.js';
import { randomToken, sha256Hex } from '../../kernel/crypto/random.js';
import { LifelineError } from '../../kernel/errors.js';
import type { AuthContext } from './context.js';
import type { LoginService } from './login-service.js';
import { OidcClient, type PendingLogin, type SsoIdentity } from './oidc.js';
import { roleForIdentity } from './oidc-roles.js';

const PENDING_TTL_MS = 10 * 60_000;

/**
 * Sign-in through the hospital's identity provider. The provider proves who the person is (and does
 * its own MFA); Lifeline maps their groups to a role on every sign-in, so a change in the directory
 * takes effect at the next login.
 */
export class SsoService {
  private client: Promise<OidcClient> | undefined;

  constructor(
    private readonly ctx: AuthContext,
    private readonly login: LoginService,
    private readonly config: OidcConfig,
  ) {}

  /** Returns the provider URL and an opaque id for the browser cookie that ties the callback to it. */
  async start(): Promise<{ url: string; pendingId: string }> {
    const client = await this.oidc();
    const { url, pending } = await client.start();
    const pendingId = randomToken(24);
    const now = this.ctx.clock.now();
    await this.ctx.database.db
      .deleteFrom('sso_pending')
      .where('created_at', '<', new Date(now.getTime() - PENDING_TTL_MS).toISOString())
      .execute();
    await this.ctx.database.db
      .insertInto('sso_pending')
      .values({ id_hash: sha256Hex(pendingId), data: JSON.stringify(pending), created_at: now.toISOString() })
      .execute();
    return { url, pendingId };
  }

  async complete(callbackUrl: URL, pendingId: string, sourceIp: string | null) {
    const idHash = sha256Hex(pendingId);
    const row = (await this.ctx.database.db
      .selectFrom('sso_pending')
      .select('data')
      .where('id_hash', '=', idHash)
      .executeTakeFirst()) as { data: string } | undefined;
    // One use only: a replayed callback finds nothing.
    await this.ctx.database.db.deleteFrom('sso_pending').where('id_hash', '=', idHash).execute();
    if (!row) throw await this.failure('no-pending-login', sourceIp);
    let identity: SsoIdentity;
    try {
      identity = await (await this.oidc()).complete(callbackUrl, JSON.parse(row.data) as PendingLogin);
    } catch (error) {
      await this.audit('anonymous', 'failure', { reason: 'provider-rejected' }, sourceIp);
      throw error;
    }
    const role = roleForIdentity(identity, this.config);
    if (!role) throw await this.failure('no-role-for-groups', sourceIp, identity.username);
    const subject = `${identity.issuer}|${identity.subject}`;
    let user = await this.ctx.users.byOidcSubject(subject);
    if (!user) {
      if (await this.ctx.users.byUsername(identity.username)) {
        // Never attach a provider identity to an existing local account by name: that would let
        // whoever controls a directory entry take over a local administrator.
        throw await this.failure('local-account-has-that-name', sourceIp, identity.username);
      }
      user = await this.ctx.users.insert({
        username: identity.username,
        displayName: identity.displayName,
        email: identity.email,
        role,
        source: 'oidc',
        oidcSubject: subject,
      });
      await this.audit('system', 'success', { role }, sourceIp, identity.username, 'user.create');
    } else if (user.role !== role || user.display_name !== identity.displayName) {
      if (user.role !== role) {
        await this.audit(
          'system',
          'success',
          { before: user.role, after: role, via: 'oidc' },
          sourceIp,
          user.username,
          'user.role.change',
        );
      }
      await this.ctx.users.update(user.id, {
        role,
        display_name: identity.displayName,
        email: identity.email,
      });
      user = { ...user, role, display_name: identity.displayName };
    }
    if (user.disabled === 1) throw await this.failure('disabled', sourceIp, user.username);
    return this.login.openSession(user, sourceIp, 'oidc');
  }

  private oidc(): Promise<OidcClient> {
    this.client ??= OidcClient.discover(this.config).catch((error: unknown) => {
      this.client = undefined; // try discovery again next time: the provider may be back
      throw error;
    });
    return this.client;
  }

  private async failure(reason: string, sourceIp: string | null, username?: string): Promise<LifelineError> {
    await this.audit(username ?? 'anonymous', 'failure', { reason }, sourceIp, username);
    return new LifelineError('AUTH_SSO_FAILED', 'single sign-on did not complete', { reason });
  }

  private async audit(
    actor: string,
    outcome: 'success' | 'failure',
    details: Record<string, string>,
    sourceIp: string | null,
    target?: string,
    action = 'auth.login',
  ): Promise<void> {
    await this.ctx.audit.append({
      actor,
      action,
      target: target ?? null,
      outcome,
      details: { method: 'oidc', ...details },
      sourceIp,
    });
  }
}
