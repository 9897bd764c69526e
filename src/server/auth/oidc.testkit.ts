import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID provider (the oidc-provider package) on a random loopback port, for tests of the
 * single sign-on client and of the server's SSO routes. Sign-in is driven over real HTTP by `login`.
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Signs `accountId` in and consents; returns the provider's final redirect to our callback. */
  login(authorizationUrl: string, accountId: string): Promise<string>;
  /** The person cancels at the provider; returns the redirect carrying error=access_denied. */
  deny(authorizationUrl: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  redirectUri: string;
  users: Record<string, { claims: Record<string, unknown> }>;
}

interface GrantLike {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}
interface InteractionLike {
  prompt: {
    name: string;
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
  };
  grantId?: string;
  session?: { accountId?: string };
  params: { client_id?: unknown };
}
interface ProviderLike {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionLike>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: {
    new (init: { accountId: string; clientId: string }): GrantLike;
    find(id: string): Promise<GrantLike | undefined>;
  };
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderLike;

const INTERACTION_PREFIX = '/interaction/';

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const Provider = await loadProvider();
  const clientId = 'lifeline-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // The issuer names the port, so the provider can only be built once the server listens.
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, providerConfiguration(options, clientId, clientSecret));
  const handleProtocol = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith(INTERACTION_PREFIX)) return handleProtocol(req, res);
    handleInteraction(provider, options.users, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('interaction failed');
    });
  });
  return {
    issuer,
    clientId,
    clientSecret,
    login: (url, accountId) =>
      driveInteraction(url, options.redirectUri, new URLSearchParams({ account: accountId })),
    deny: (url) => driveInteraction(url, options.redirectUri, new URLSearchParams({ abort: '1' })),
    close: () => closeServer(server),
  };
}

// oidc-provider ships no type declarations, so it is loaded through a specifier the compiler does not
// resolve and used through the small interfaces above. On import it warns that Node 20 is older than
// it prefers; it is only a test double here and the project supports Node 20, so that line is dropped.
async function loadProvider(): Promise<ProviderConstructor> {
  const specifier = 'oidc-provider';
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    const mod = (await import(specifier)) as { default: ProviderConstructor };
    return mod.default;
  } finally {
    console.warn = warn;
  }
}

// Everything the provider would otherwise default with a console warning is set explicitly.
function providerConfiguration(
  options: TestOidcProviderOptions,
  clientId: string,
  clientSecret: string,
): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const store = new Map<string, Record<string, unknown>>();
  return {
    adapter: (model: string) => new MemoryAdapter(model, store),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-1', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'roles'],
      email: ['email', 'email_verified'],
    },
    findAccount: (_ctx: unknown, accountId: string) => {
      const user = Object.hasOwn(options.users, accountId) ? options.users[accountId] : undefined;
      if (!user) return undefined;
      return { accountId, claims: () => ({ ...user.claims, sub: accountId }) };
    },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION_PREFIX}${interaction.uid}`,
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    renderError: (ctx: { type: string; body: unknown }, out: Record<string, unknown>) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

/** The login and consent screens of a real provider, reduced to one form field each. */
async function handleInteraction(
  provider: ProviderLike,
  users: TestOidcProviderOptions['users'],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.method !== 'POST') {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ prompt: details.prompt.name }));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  if (form.has('abort')) {
    const result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }
  if (details.prompt.name === 'login') {
    const accountId = form.get('account') ?? '';
    if (!Object.hasOwn(users, accountId)) return void res.writeHead(400).end('unknown account');
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId } },
      { mergeWithLastSubmission: false },
    );
  }
  if (details.prompt.name !== 'consent') return void res.writeHead(501).end('unsupported prompt');
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({
        accountId: details.session?.accountId ?? '',
        clientId: String(details.params.client_id),
      });
  if (!grant) return void res.writeHead(400).end('grant not found');
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const result = { consent: { grantId: await grant.save() } };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

/** A browser reduced to what the flow needs: manual redirects, a cookie jar, and one form per screen. */
async function driveInteraction(
  authorizationUrl: string,
  redirectUri: string,
  form: URLSearchParams,
): Promise<string> {
  const jar = new Map<string, string>();
  const callback = new URL(redirectUri);
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
      ...(body ? { body } : {}),
    });
    for (const line of response.headers.getSetCookie()) storeCookie(jar, line);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin === callback.origin && next.pathname === callback.pathname) return next.href;
      url = next;
      body = undefined;
    } else if (response.status === 200 && url.pathname.startsWith(INTERACTION_PREFIX) && !body) {
      await response.body?.cancel();
      body = form;
    } else {
      throw new Error(
        `test provider answered ${response.status} at ${url.pathname}: ${(await response.text()).slice(0, 200)}`,
      );
    }
  }
  throw new Error('test provider did not redirect to the callback within 20 steps');
}

function storeCookie(jar: Map<string, string>, header: string): void {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const expired = attributes.some(
    (a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') <= Date.now(),
  );
  if (value === '' || expired) jar.delete(name);
  else jar.set(name, value);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 65_536) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** The provider's storage interface over a Map, with the grant index that code-replay revocation needs. */
class MemoryAdapter {
  constructor(
    private readonly model: string,
    private readonly store: Map<string, Record<string, unknown>>,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  upsert(id: string, payload: Record<string, unknown>): Promise<void> {
    this.store.set(this.key(id), payload);
    return Promise.resolve();
  }

  find(id: string): Promise<Record<string, unknown> | undefined> {
    return Promise.resolve(this.store.get(this.key(id)));
  }

  findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    return Promise.resolve(this.findWhere((payload) => payload.uid === uid));
  }

  findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
    return Promise.resolve(this.findWhere((payload) => payload.userCode === userCode));
  }

  consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, payload] of this.store) {
      if (payload.grantId === grantId && !key.startsWith('Grant:')) this.store.delete(key);
    }
    return Promise.resolve();
  }

  private findWhere(
    match: (payload: Record<string, unknown>) => boolean,
  ): Record<string, unknown> | undefined {
    const prefix = `${this.model}:`;
    for (const [key, payload] of this.store) if (key.startsWith(prefix) && match(payload)) return payload;
    return undefined;
  }
}
