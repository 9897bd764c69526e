import type { FastifyInstance, FastifyReply } from 'fastify';
import { verifyClientAssertion } from './jwt-verify.js';
import { grantScopes } from './scopes.js';
import { tokenUrl, type EhrContext } from './context.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** RFC 6749 §5.2 error response; never cached. */
function oauthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header('content-type', 'application/json')
    .send({ error, error_description: description });
}

/** The SMART Backend Services token endpoint: client_credentials with a private_key_jwt assertion. */
export function registerAuthRoutes(app: FastifyInstance, context: EhrContext): void {
  app.post('/auth/token', async (request, reply) => {
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    }
    const assertion = form.get('client_assertion');
    if (form.get('client_assertion_type') !== ASSERTION_TYPE || !assertion) {
      return oauthError(reply, 400, 'invalid_request', 'a jwt-bearer client_assertion is required');
    }
    const scope = form.get('scope');
    if (!scope) return oauthError(reply, 400, 'invalid_scope', 'scope is required');
    const check = verifyClientAssertion(assertion, {
      clients: context.clients,
      tokenUrl: tokenUrl(context),
      nowMs: context.clock().getTime(),
      replay: context.replay,
      keys: context.keys,
      skewSeconds: 30,
    });
    if (!check.ok) return oauthError(reply, 401, 'invalid_client', check.reason);
    const clientIdParameter = form.get('client_id');
    if (clientIdParameter !== null && clientIdParameter !== check.clientId) {
      return oauthError(reply, 401, 'invalid_client', 'client_id does not match the assertion');
    }
    const granted = grantScopes(scope, context.clients.get(check.clientId)?.scopes);
    if (granted.length === 0)
      return oauthError(reply, 400, 'invalid_scope', 'none of the requested scopes can be granted');
    const issued = context.tokens.issue(check.clientId, granted);
    return reply
      .code(200)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .header('content-type', 'application/json')
      .send({
        access_token: issued.accessToken,
        token_type: 'bearer',
        expires_in: issued.expiresIn,
        scope: issued.scope,
      });
  });
}
