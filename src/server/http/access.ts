import type { Principal } from '../auth/types.js';

/**
 * Every route says who may call it. A route without an `access` declaration is refused at start-up,
 * so nothing can be mounted open by omission.
 * - `public`: anyone, signed in or not;
 * - `mfa-pending`: a session that passed the password and waits for its second factor;
 * - `session`: any signed-in user, including one who still has to enrol MFA (self-service);
 * - `{ permission }`: a signed-in user or token holding that permission.
 */
export type Access = 'public' | 'mfa-pending' | 'session' | { permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Cookie value of a session waiting for its second factor. */
    pendingSessionId: string | null;
  }
}

export function describeAccess(access: Access): string {
  return typeof access === 'string' ? access : access.permission;
}
