import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { LifelineError } from '../../../../kernel/errors.js';
import { FHIR_ID, isFhirResource, isStorableType } from '../fhir-types.js';
import { operationOutcome } from '../outcome.js';
import { dateRange } from '../store/fhir-dates.js';
import type { BulkJob, ExportFile, ExportSelection } from './bulk-jobs.js';
import { authorize, queryOf, sendFhir, type EhrContext } from './context.js';
import { permits } from './scopes.js';
import { ehrError } from '../errors.js';

const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
const UNSUPPORTED = new Set([
  '_typeFilter',
  '_elements',
  'patient',
  'includeAssociatedData',
  '_until',
  'organizeOutputBy',
]);

function refuse(reason: string): LifelineError {
  return ehrError('CONTINUITY_EHR_INVALID_REQUEST', reason);
}

/** Kick-off parameters from the query (GET) or a Parameters resource (POST). */
function kickOffParameters(request: FastifyRequest): [string, string][] {
  if (request.method !== 'POST') return queryOf(request);
  const body = request.body;
  if (!isFhirResource(body) || body.resourceType !== 'Parameters')
    throw refuse('A POST kick-off needs a Parameters body');
  const pairs: [string, string][] = [];
  for (const parameter of Array.isArray(body.parameter)
    ? (body.parameter as Record<string, unknown>[])
    : []) {
    const name = parameter?.name;
    const value =
      parameter?.valueString ?? parameter?.valueInstant ?? parameter?.valueCode ?? parameter?.valueDateTime;
    if (typeof name === 'string' && typeof value === 'string') pairs.push([name, value]);
    else if (typeof name === 'string') pairs.push([name, '']);
  }
  return pairs;
}

function selectionFor(
  context: EhrContext,
  request: FastifyRequest,
  level: ExportSelection['level'],
  groupId: string | null,
): ExportSelection {
  const prefer = String(request.headers.prefer ?? '');
  if (!/respond-async/i.test(prefer)) throw refuse('The kick-off needs Prefer: respond-async');
  const accept = String(request.headers.accept ?? '*/*');
  if (!/application\/fhir\+json|application\/json|\*\/\*/.test(accept))
    throw refuse('The kick-off Accept must be application/fhir+json');
  const lenient = /handling\s*=\s*lenient/i.test(prefer);
  const token = authorize(context, request, [], 'r');
  const issues: string[] = [];
  let since: number | null = null;
  let requested: string[] | null = null;
  for (const [name, value] of kickOffParameters(request)) {
    if (name === '_outputFormat') {
      if (!NDJSON_FORMATS.has(value)) throw refuse('Only application/fhir+ndjson output is supported');
    } else if (name === '_since') {
      const range = dateRange(value);
      if (!range) throw refuse('_since is not a FHIR instant');
      since = range.start;
    } else if (name === '_type') {
      requested = [
        ...(requested ?? []),
        ...value
          .split(',')
          .map((type) => type.trim())
          .filter((type) => type !== ''),
      ];
    } else if (UNSUPPORTED.has(name)) {
      if (!lenient) throw refuse(`The parameter ${name} is not supported`);
      issues.push(`The parameter ${name} is not supported and was ignored`);
    }
  }
  let types: string[];
  if (requested === null) {
    types = context.store.types().filter((type) => permits(token.grants, type, 'r'));
  } else {
    types = [];
    for (const type of new Set(requested)) {
      const label = /^[A-Za-z]{1,64}$/.test(type) ? type : 'an unreadable type name';
      if (!isStorableType(type)) {
        if (!lenient) throw refuse(`The resource type ${label} is not supported`);
        issues.push(`The resource type ${label} is not supported`);
      } else if (!permits(token.grants, type, 'r')) {
        throw ehrError(
          'CONTINUITY_EHR_SCOPE_INSUFFICIENT',
          'The token scopes do not cover a requested type',
          { resourceType: type },
        );
      } else {
        types.push(type);
      }
    }
  }
  return {
    level,
    groupId,
    types,
    since,
    issues,
    clientId: token.clientId,
    requestUrl: `${context.origin}${request.url}`,
  };
}

function manifest(context: EhrContext, job: BulkJob): object {
  const url = (file: ExportFile): string => `${context.origin}/bulk/files/${job.id}/${file.name}`;
  return {
    transactionTime: new Date(job.transactionTime).toISOString(),
    request: job.requestUrl,
    requiresAccessToken: true,
    output: job.outputs.map((file) => ({ type: file.type, url: url(file), count: file.count })),
    error: job.errors.map((file) => ({ type: file.type, url: url(file), count: file.count })),
  };
}

/** Joins lines into chunks of about 64 KiB so a file streams without being built as one string. */
function* chunks(file: ExportFile): Generator<string> {
  let chunk = '';
  for (const line of file.lines()) {
    chunk += `${line}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

function kickOff(context: EhrContext, level: ExportSelection['level']) {
  return async (request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    const groupId = level === 'group' ? (request.params.id ?? '') : null;
    if (groupId !== null && !FHIR_ID.test(groupId))
      throw ehrError('CONTINUITY_EHR_NOT_FOUND', 'No such Group');
    const job = context.jobs.start(selectionFor(context, request, level, groupId));
    reply.header('content-location', `${context.origin}/bulk/status/${job.id}`);
    return sendFhir(reply, 202, operationOutcome(200, 'The export has started'));
  };
}

/** Bulk Data Access v2 export: kick-off, status polling, manifest, file download, cancellation. */
export function registerBulkRoutes(app: FastifyInstance, context: EhrContext): void {
  for (const method of ['GET', 'POST'] as const) {
    app.route({ method, url: '/fhir/$export', handler: kickOff(context, 'system') });
    app.route({ method, url: '/fhir/Patient/$export', handler: kickOff(context, 'patient') });
    app.route({ method, url: '/fhir/Group/:id/$export', handler: kickOff(context, 'group') });
  }

  app.get<{ Params: { job: string } }>('/bulk/status/:job', async (request, reply) => {
    const token = authorize(context, request, [], 'r');
    const job = context.jobs.find(request.params.job, token.clientId);
    if (!job) throw ehrError('CONTINUITY_EHR_NOT_FOUND', 'No such export job');
    if (job.state === 'in-progress') {
      const progress = context.jobs.progress(job);
      return sendFhir(
        reply
          .header('x-progress', `in progress: ${progress}%`)
          .header('retry-after', String(context.jobs.retryAfterSeconds(job))),
        202,
        operationOutcome(200, 'The export is in progress'),
      );
    }
    return reply.code(200).header('content-type', 'application/json').send(manifest(context, job));
  });

  app.delete<{ Params: { job: string } }>('/bulk/status/:job', async (request, reply) => {
    const token = authorize(context, request, [], 'r');
    if (!context.jobs.cancel(request.params.job, token.clientId))
      throw ehrError('CONTINUITY_EHR_NOT_FOUND', 'No such export job');
    return sendFhir(reply, 202, operationOutcome(200, 'The export was cancelled and its files removed'));
  });

  app.get<{ Params: { job: string; file: string } }>('/bulk/files/:job/:file', async (request, reply) => {
    const token = authorize(context, request, [], 'r');
    const file = context.jobs.file(request.params.job, request.params.file, token.clientId);
    if (!file) throw ehrError('CONTINUITY_EHR_NOT_FOUND', 'No such export file');
    return reply
      .code(200)
      .header('content-type', 'application/fhir+ndjson')
      .send(Readable.from(chunks(file)));
  });
}
