import type { JsonWebKey, KeyObject } from 'node:crypto';
import { createClientAssertion, loadPrivateKey, type AssertionAlgorithm } from './client-assertion.js';
import { send, type AccessTokenSource, type HttpOptions, discard } from './http.js';
import { sourceError } from './errors.js';

export interface SmartBackendAuthOptions {
  clientId: string;
  privateKey: KeyObject | JsonWebKey | string;
  algorithm: AssertionAlgorithm;
  keyId?: string;
  /** Space-separated system scopes, e.g. `system/*.rs` or `system/Patient.rs system/Observation.rs`. */
  scope: string;
  /** The token endpoint; discovered from `fhirBaseUrl/.well-known/smart-configuration` when absent. */
  tokenUrl?: string;
  fhirBaseUrl?: string;
  clock?: () => Date;
  http?: Omit<HttpOptions, 'signal'>;
}

interface CachedToken {
  value: string;
  refreshAtMs: number;
  scope: string;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * SMART Backend Services authorization: a client_credentials grant authenticated by a signed JWT
 * (private_key_jwt). Tokens are cached until shortly before they expire; concurrent callers share one
 * token request.
 */
export class SmartBackendAuth implements AccessTokenSource {
  private readonly key: KeyObject;
  private readonly clock: () => Date;
  private cached: CachedToken | null = null;
  private pending: Promise<CachedToken> | null = null;
  private tokenUrl: string | null;

  constructor(private readonly options: SmartBackendAuthOptions) {
    this.key = loadPrivateKey(options.privateKey, options.algorithm);
    this.clock = options.clock ?? (() => new Date());
    this.tokenUrl = options.tokenUrl ?? null;
    if (!this.tokenUrl && !options.fhirBaseUrl) {
      throw sourceError(
        'CONTINUITY_SOURCE_DISCOVERY_FAILED',
        'Neither a token URL nor a FHIR base URL was given',
      );
    }
  }

  /** The scope the server granted with the current token, once one was obtained. */
  get grantedScope(): string | null {
    return this.cached?.scope ?? null;
  }

  async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.clock().getTime() < this.cached.refreshAtMs) return this.cached.value;
    this.pending ??= this.requestToken(signal).finally(() => {
      this.pending = null;
    });
    this.cached = await this.pending;
    return this.cached.value;
  }

  invalidate(token?: string): void {
    if (token === undefined || this.cached?.value === token) this.cached = null;
  }

  private async discover(signal: AbortSignal | undefined): Promise<string> {
    if (this.tokenUrl) return this.tokenUrl;
    const url = `${this.options.fhirBaseUrl!.replace(/\/$/, '')}/.well-known/smart-configuration`;
    const response = await send(url, { headers: { accept: 'application/json' } }, this.http(signal), {
      retryNetworkErrors: true,
    });
    const body = response.ok
      ? ((await response.json().catch(() => null)) as { token_endpoint?: unknown } | null)
      : null;
    if (!response.ok) await discard(response);
    if (typeof body?.token_endpoint !== 'string' || !/^https?:\/\//.test(body.token_endpoint)) {
      throw sourceError(
        'CONTINUITY_SOURCE_DISCOVERY_FAILED',
        'The SMART configuration names no token endpoint',
        {
          status: response.status,
        },
      );
    }
    this.tokenUrl = body.token_endpoint;
    return this.tokenUrl;
  }

  private http(signal: AbortSignal | undefined): HttpOptions {
    return { ...this.options.http, ...(signal ? { signal } : {}) };
  }

  private async requestToken(signal: AbortSignal | undefined): Promise<CachedToken> {
    const tokenUrl = await this.discover(signal);
    let issuedAtMs = this.clock().getTime();
    // A new assertion (new jti) for every try: the server refuses a replayed one.
    const request = (): RequestInit => {
      issuedAtMs = this.clock().getTime();
      const assertion = createClientAssertion({
        clientId: this.options.clientId,
        tokenUrl,
        key: this.key,
        algorithm: this.options.algorithm,
        nowMs: issuedAtMs,
        ...(this.options.keyId ? { keyId: this.options.keyId } : {}),
      });
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        scope: this.options.scope,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
      });
      return {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      };
    };
    const response = await send(tokenUrl, request, this.http(signal));
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    const oauthError =
      typeof body?.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? body.error : null;
    if (response.status === 401 || oauthError === 'invalid_client') {
      throw sourceError(
        'CONTINUITY_SOURCE_CLIENT_REJECTED',
        'The token endpoint rejected the client assertion',
        {
          status: response.status,
          error: oauthError,
        },
      );
    }
    if (!response.ok) {
      throw sourceError('CONTINUITY_SOURCE_TOKEN_REFUSED', 'The token endpoint refused the request', {
        status: response.status,
        error: oauthError,
      });
    }
    const value = body?.access_token;
    const expiresIn = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
    if (typeof value !== 'string' || value === '' || String(body?.token_type).toLowerCase() !== 'bearer') {
      throw sourceError('CONTINUITY_SOURCE_PROTOCOL', 'The token response holds no bearer token');
    }
    // Refresh a little early so a token never expires between the check and the request.
    const marginMs = Math.min(30_000, expiresIn * 200);
    return {
      value,
      refreshAtMs: issuedAtMs + expiresIn * 1000 - marginMs,
      scope: typeof body?.scope === 'string' ? body.scope : this.options.scope,
    };
  }
}
