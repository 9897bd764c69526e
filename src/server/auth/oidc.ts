import { isIP } from 'node:net';
import * as oidc from 'openid-client';
import type { Clock } from '../../kernel/clock.js';
import { systemClock } from '../../kernel/clock.js';
import type { OidcConfig } from '../../kernel/config/schema.js';
import { constantTimeEqual } from '../../kernel/crypto/random.js';
import { LifelineError, isLifelineError } from '../../kernel/errors.js';

/**
 * What the server keeps between sending the browser to the identity provider and the callback.
 * It holds no secret of the provider, but it binds the callback to this browser, so the server must
 * keep it server-side or in a signed, HttpOnly, short-lived cookie.
 */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** ISO-8601 UTC time at which the login started. */
  createdAt: string;
}

export interface SsoIdentity {
  subject: string;
  issuer: string;
  username: string;
  displayName: string;
  email: string | null;
  /** Values of the configured role claim; mapped to a role by roleForIdentity. */
  groups: string[];
}

export interface OidcClientOptions {
  clock?: Clock;
}

/** Long enough to type a password and answer an MFA prompt at the provider, short enough to limit replay. */
export const PENDING_LOGIN_MAX_AGE_MS = 10 * 60 * 1000;
/** A browser clock a little ahead of ours must not break sign-in; anything more is a forged time. */
const FUTURE_SKEW_MS = 60 * 1000;
const REQUEST_TIMEOUT_SECONDS = 10;

// Keyed by the config object so that a server asking per request discovers only once. Failures are
// not kept: a provider that was down at the first attempt must work as soon as it is back.
const discoveries = new WeakMap<OidcConfig, Promise<oidc.Configuration>>();

export class OidcClient {
  private constructor(
    private readonly config: OidcConfig,
    private readonly configuration: oidc.Configuration,
    private readonly clock: Clock,
  ) {}

  static async discover(config: OidcConfig, options: OidcClientOptions = {}): Promise<OidcClient> {
    let pending = discoveries.get(config);
    if (!pending) {
      pending = runDiscovery(config);
      discoveries.set(config, pending);
      void pending.catch(() => discoveries.delete(config));
    }
    return new OidcClient(config, await pending, options.clock ?? systemClock);
  }

  async start(): Promise<{ url: string; pending: PendingLogin }> {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingLogin = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      createdAt: this.clock.now().toISOString(),
    };
    const url = oidc.buildAuthorizationUrl(this.configuration, {
      response_type: 'code',
      redirect_uri: this.config.redirectUri,
      scope: scopesWithOpenid(this.config.scopes),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  async complete(callbackUrl: URL, pending: PendingLogin): Promise<SsoIdentity> {
    const age = this.clock.now().getTime() - Date.parse(pending.createdAt);
    if (!Number.isFinite(age) || age > PENDING_LOGIN_MAX_AGE_MS || age < -FUTURE_SKEW_MS) {
      throw failed('login_expired');
    }
    const params = callbackUrl.searchParams;
    // Checked before anything else so that a forged callback never reaches the provider.
    if (!constantTimeEqual(params.get('state') ?? '', pending.state)) throw failed('state_mismatch');
    const providerError = params.get('error');
    if (providerError !== null) throw failed('provider_error', { providerError: safeCode(providerError) });

    // The token request must repeat the redirect_uri of the authorization request exactly; the URL
    // the server saw may differ behind a proxy, so only its query is taken from it.
    const current = new URL(this.config.redirectUri);
    current.search = callbackUrl.search;
    try {
      const tokens = await oidc.authorizationCodeGrant(this.configuration, current, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw failed('id_token_missing');
      let claims: Record<string, unknown> = idClaims;
      // Many providers put profile claims only in userinfo when an access token is issued; the signed
      // ID token wins where both carry a claim.
      if (this.configuration.serverMetadata().userinfo_endpoint && tokens.access_token) {
        const userinfo = await oidc.fetchUserInfo(this.configuration, tokens.access_token, idClaims.sub);
        claims = { ...userinfo, ...idClaims };
      }
      return identityFromClaims(claims, this.config.roleClaim);
    } catch (error) {
      throw toSsoError(error);
    }
  }
}

async function runDiscovery(config: OidcConfig): Promise<oidc.Configuration> {
  let issuer: URL;
  try {
    issuer = new URL(config.issuer);
  } catch {
    throw failed('issuer_invalid');
  }
  // Plain http would let anyone on the path forge tokens or steal the client secret. A loopback
  // issuer never leaves the machine (a provider in a test, or a sidecar), so only there is it allowed.
  const insecure = issuer.protocol === 'http:';
  if (insecure && !isLoopback(issuer.hostname)) throw failed('issuer_not_https');
  if (issuer.protocol !== 'http:' && issuer.protocol !== 'https:') throw failed('issuer_not_https');
  try {
    return await oidc.discovery(
      issuer,
      config.clientId,
      undefined,
      oidc.ClientSecretBasic(config.clientSecret),
      {
        timeout: REQUEST_TIMEOUT_SECONDS,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
  } catch (error) {
    throw new LifelineError('AUTH_SSO_FAILED', 'The identity provider could not be discovered', {
      reason: 'discovery_failed',
      ...libraryCode(error),
    });
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function scopesWithOpenid(scopes: readonly string[]): string {
  return [...new Set(['openid', ...scopes])].join(' ');
}

export function identityFromClaims(claims: Record<string, unknown>, roleClaim: string): SsoIdentity {
  const subject = nonEmpty(claims.sub);
  const issuer = nonEmpty(claims.iss);
  if (!subject || !issuer) throw failed('claims_incomplete');
  const email = nonEmpty(claims.email) ?? null;
  const username = nonEmpty(claims.preferred_username) ?? email ?? subject;
  const raw = Object.hasOwn(claims, roleClaim) ? claims[roleClaim] : undefined;
  const groups =
    typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((g) => typeof g === 'string') : [];
  return { subject, issuer, username, displayName: nonEmpty(claims.name) ?? username, email, groups };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** OAuth error codes are a small ASCII vocabulary; anything else from outside is not echoed. */
function safeCode(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : 'unrecognised';
}

function libraryCode(error: unknown): { libraryCode?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { libraryCode: safeCode(code) } : {};
}

function failed(reason: string, extra: Record<string, string> = {}): LifelineError {
  return new LifelineError('AUTH_SSO_FAILED', undefined, { reason, ...extra });
}

// The library's errors can carry token responses and ID tokens as their cause, so none of them is
// passed on: only a fixed reason and the library's constant error code.
function toSsoError(error: unknown): LifelineError {
  if (isLifelineError(error)) return error;
  if (error instanceof oidc.ResponseBodyError) {
    return failed('token_rejected', { providerError: safeCode(error.error) });
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    return failed('token_rejected', { providerError: safeCode(error.cause[0]?.parameters.error) });
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return failed('provider_error', { providerError: safeCode(error.error) });
  }
  if (error instanceof TypeError && !('code' in error)) return failed('provider_unreachable');
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return failed('provider_unreachable');
  }
  return new LifelineError('AUTH_SSO_FAILED', undefined, {
    reason: 'response_invalid',
    ...libraryCode(error),
  });
}
