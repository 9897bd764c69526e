import { randomBytes } from 'node:crypto';
import { parseScope, type ScopeGrant } from './scopes.js';
import { ehrError } from '../errors.js';

/** An access token the double issued: opaque to the client, looked up on every request. */
export interface IssuedToken {
  clientId: string;
  scope: string;
  grants: ScopeGrant[];
  expiresAtMs: number;
}

export class TokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clock: () => Date,
    private readonly lifetimeSeconds: number,
  ) {}

  issue(clientId: string, scopes: string[]): { accessToken: string; expiresIn: number; scope: string } {
    const now = this.clock().getTime();
    for (const [token, issued] of this.tokens) if (issued.expiresAtMs <= now) this.tokens.delete(token);
    const accessToken = randomBytes(32).toString('base64url');
    const grants = scopes.map(parseScope).filter((grant): grant is ScopeGrant => grant !== null);
    const scope = scopes.join(' ');
    this.tokens.set(accessToken, { clientId, scope, grants, expiresAtMs: now + this.lifetimeSeconds * 1000 });
    return { accessToken, expiresIn: this.lifetimeSeconds, scope };
  }

  /** The token from an Authorization header, or a 401 LifelineError. */
  check(authorization: string | undefined): IssuedToken {
    const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/i.exec(authorization ?? '');
    const issued = match ? this.tokens.get(match[1]!) : undefined;
    if (!issued) throw ehrError('CONTINUITY_EHR_TOKEN_INVALID', 'A valid bearer token is required');
    if (issued.expiresAtMs <= this.clock().getTime()) {
      this.tokens.delete(match![1]!);
      throw ehrError('CONTINUITY_EHR_TOKEN_INVALID', 'The bearer token has expired');
    }
    return issued;
  }

  revokeAll(): void {
    this.tokens.clear();
  }
}
