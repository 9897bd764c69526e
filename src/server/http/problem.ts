import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LifelineError, isLifelineError, registeredErrorCodes } from '../../kernel/errors.js';

export const PROBLEM_TYPE_BASE = 'https://lifeline.invalid/errors/';

export interface FieldError {
  path: string;
  message: string;
}

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

interface ValidationItem {
  instancePath?: string;
  message?: string;
  /** fastify-type-provider-zod puts the zod issue code here and the issue's own fields in params. */
  keyword?: string;
  params?: { keys?: string[]; issue?: { path?: PropertyKey[]; keys?: string[]; code?: string } };
}

/** Field-by-field messages from a schema failure, so a client can point at the wrong field. */
function fieldErrors(error: { validation?: unknown; validationContext?: string }): FieldError[] {
  const context = error.validationContext ?? 'body';
  return ((error.validation ?? []) as ValidationItem[]).flatMap((item): FieldError[] => {
    const issue = item.params?.issue;
    const base = issue?.path?.length
      ? issue.path.map(String).join('.')
      : (item.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const prefix = base ? `${context}.${base}` : context;
    const unknownKeys = issue?.keys ?? item.params?.keys;
    if ((issue?.code ?? item.keyword) === 'unrecognized_keys' && unknownKeys) {
      return unknownKeys.map((key) => ({ path: `${prefix}.${key}`, message: 'unknown field' }));
    }
    return [{ path: prefix, message: item.message ?? 'invalid' }];
  });
}

function toLifelineError(error: unknown): { lifeline: LifelineError; fields?: FieldError[] } {
  if (isLifelineError(error)) return { lifeline: error };
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const fields = fieldErrors(fastifyError);
    const names = fields.map((field) => field.path).join(', ');
    return {
      lifeline: new LifelineError('VALIDATION_FAILED', `invalid ${names || 'request'}`, {
        fields: fields.map((f) => f.path),
      }),
      fields,
    };
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { lifeline: new LifelineError('BODY_TOO_LARGE') };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        lifeline: new LifelineError('VALIDATION_FAILED', 'the body is not valid JSON', { field: 'body' }),
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        lifeline: new LifelineError('VALIDATION_FAILED', 'send the body as application/json', {
          field: 'body',
        }),
      };
    default:
      break;
  }
  if (fastifyError.statusCode === 429) return { lifeline: new LifelineError('RATE_LIMITED') };
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { lifeline: new LifelineError('VALIDATION_FAILED', 'the request is not valid') };
  }
  return { lifeline: new LifelineError('INTERNAL') };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const { lifeline, fields } = toLifelineError(error);
  if (lifeline.code === 'INTERNAL') {
    // The cause is logged for operators (the logger redacts sensitive keys); the caller sees nothing of it.
    request.log.error({ err: error }, 'request failed');
  }
  // Safe details are extension members; the standard members come last so a detail cannot mask them.
  const problem: Problem = {
    ...lifeline.details,
    type: `${PROBLEM_TYPE_BASE}${lifeline.code}`,
    title: registeredErrorCodes().get(lifeline.code)?.title ?? lifeline.code,
    status: lifeline.status,
    code: lifeline.code,
    detail: lifeline.message,
  };
  if (fields) problem.errors = fields;
  return reply.status(lifeline.status).type('application/problem+json').send(problem);
}

export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
}
