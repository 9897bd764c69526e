import type { FastifyRequest } from 'fastify';
import type { Who } from './service.js';

/** The audit actor and address of a request; the routes' access guard has set the principal. */
export function who(request: FastifyRequest): Who {
  return { actor: request.principal?.actor ?? 'anonymous', sourceIp: request.ip };
}
