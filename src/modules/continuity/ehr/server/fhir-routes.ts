import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_ID, isFhirResource, isStorableType, type FhirResource } from '../fhir-types.js';
import { searchStore } from '../store/search.js';
import type { StoredVersion } from '../store/store.js';
import { processBundle, queryPairs } from '../transaction/bundle-processor.js';
import { capabilityStatement, smartConfiguration } from './capability.js';
import { authorize, fhirBase, queryOf, sendFhir, strictHandling, type EhrContext } from './context.js';
import { searchsetJson } from './search-pages.js';
import { ehrError } from '../errors.js';

function knownType(type: string): string {
  if (!isStorableType(type)) throw ehrError('CONTINUITY_EHR_NOT_FOUND', 'Unknown resource type');
  return type;
}

function versionHeaders(reply: FastifyReply, context: EhrContext, version: StoredVersion): FastifyReply {
  return reply
    .header('etag', `W/"${version.versionId}"`)
    .header('last-modified', new Date(version.lastUpdated).toUTCString())
    .header('location', `${fhirBase(context)}/${version.type}/${version.id}/_history/${version.versionId}`);
}

function wantsMinimal(request: FastifyRequest): boolean {
  return /return\s*=\s*minimal/i.test(String(request.headers.prefer ?? ''));
}

function pageSize(context: EhrContext, params: [string, string][]): number {
  const raw = params.find(([name]) => name === '_count')?.[1];
  const count = raw === undefined ? context.defaultPageSize : Number(raw);
  if (!Number.isInteger(count) || count < 0)
    throw ehrError('CONTINUITY_EHR_INVALID_REQUEST', '_count must be a whole number');
  return Math.min(count, context.maxPageSize);
}

function search(
  context: EhrContext,
  request: FastifyRequest,
  reply: FastifyReply,
  type: string,
  params: [string, string][],
): FastifyReply {
  const token = authorize(context, request, [type], 's');
  const count = pageSize(context, params);
  const versions = searchStore(context.store, type, params, { strict: strictHandling(request) });
  const snapshotId =
    count > 0 && versions.length > count ? context.pages.save(token.clientId, versions) : null;
  const selfUrl = `${context.origin}${request.url}`;
  const base = fhirBase(context);
  return sendFhir(
    reply,
    200,
    searchsetJson({ base, versions, offset: 0, count, selfUrl, snapshotId, now: context.clock() }),
  );
}

function stored(
  context: EhrContext,
  request: FastifyRequest,
  reply: FastifyReply,
  version: StoredVersion,
  status: number,
): FastifyReply {
  versionHeaders(reply, context, version);
  return wantsMinimal(request) ? reply.code(status).send() : sendFhir(reply, status, version.json);
}

function bodyResource(body: unknown, type: string): FhirResource {
  if (!isFhirResource(body) || body.resourceType !== type) {
    throw ehrError('CONTINUITY_EHR_INVALID_RESOURCE', 'The body is not a resource of the type in the URL');
  }
  return body;
}

/** FHIR R4 REST: capability, read, search with paging, create, update, transaction and batch. */
export function registerFhirRoutes(app: FastifyInstance, context: EhrContext): void {
  app.get('/fhir/metadata', async (_request, reply) => sendFhir(reply, 200, capabilityStatement(context)));
  app.get('/fhir/.well-known/smart-configuration', async (_request, reply) =>
    reply.code(200).header('content-type', 'application/json').send(smartConfiguration(context)),
  );

  app.get('/fhir', async (request, reply) => {
    const params = new Map(queryOf(request));
    const snapshotId = params.get('_getpages');
    if (snapshotId === undefined)
      throw ehrError('CONTINUITY_EHR_INVALID_REQUEST', 'Search across all types is not supported');
    const token = authorize(context, request, [], 's');
    const versions = context.pages.load(snapshotId, token.clientId);
    const offset = Number(params.get('_getpagesoffset') ?? '0');
    const count = pageSize(context, [...params]);
    if (!Number.isInteger(offset) || offset < 0 || count === 0) {
      throw ehrError('CONTINUITY_EHR_INVALID_REQUEST', 'The page offset or size is not valid');
    }
    const selfUrl = `${context.origin}${request.url}`;
    return sendFhir(
      reply,
      200,
      searchsetJson({
        base: fhirBase(context),
        versions,
        offset,
        count,
        selfUrl,
        snapshotId,
        now: context.clock(),
      }),
    );
  });

  app.get<{ Params: { type: string } }>('/fhir/:type', async (request, reply) =>
    search(context, request, reply, knownType(request.params.type), queryOf(request)),
  );

  app.post<{ Params: { type: string } }>('/fhir/:type/_search', async (request, reply) => {
    const body = typeof request.body === 'string' ? request.body : '';
    return search(context, request, reply, knownType(request.params.type), [
      ...queryOf(request),
      ...queryPairs(body),
    ]);
  });

  app.get<{ Params: { type: string; id: string } }>('/fhir/:type/:id', async (request, reply) => {
    const type = knownType(request.params.type);
    authorize(context, request, [type], 'r');
    const version = FHIR_ID.test(request.params.id) ? context.store.version(type, request.params.id) : null;
    if (!version) throw ehrError('CONTINUITY_EHR_NOT_FOUND', 'No such resource', { resourceType: type });
    versionHeaders(reply, context, version).removeHeader('location');
    return sendFhir(reply, 200, version.json);
  });

  app.post<{ Params: { type: string } }>('/fhir/:type', async (request, reply) => {
    const type = knownType(request.params.type);
    authorize(context, request, [type], 'c');
    const resource = bodyResource(request.body, type);
    const condition = request.headers['if-none-exist'];
    if (typeof condition === 'string') {
      const matches = searchStore(context.store, type, queryPairs(condition));
      if (matches.length > 1)
        throw ehrError('CONTINUITY_EHR_CONDITION_AMBIGUOUS', 'The condition matched several resources');
      if (matches[0]) return stored(context, request, reply, matches[0], 200);
    }
    return stored(context, request, reply, context.store.create(resource), 201);
  });

  app.put<{ Params: { type: string; id: string } }>('/fhir/:type/:id', async (request, reply) => {
    const type = knownType(request.params.type);
    const resource = bodyResource(request.body, type);
    if (resource.id !== request.params.id)
      throw ehrError('CONTINUITY_EHR_INVALID_REQUEST', 'The resource id must match the URL');
    const created = context.store.version(type, request.params.id) === null;
    authorize(context, request, [type], created ? 'c' : 'u');
    return stored(context, request, reply, context.store.update(resource), created ? 201 : 200);
  });

  app.post('/fhir', async (request, reply) => {
    const bundle = request.body;
    const entries = (isFhirResource(bundle) && Array.isArray(bundle.entry) ? bundle.entry : []) as {
      resource?: { resourceType?: unknown };
      request?: { method?: unknown };
    }[];
    const typesFor = (method: string): string[] => [
      ...new Set(
        entries
          .filter((entry) => entry?.request?.method === method)
          .map((entry) => entry.resource?.resourceType)
          .filter((type): type is string => typeof type === 'string'),
      ),
    ];
    authorize(context, request, typesFor('POST'), 'c');
    authorize(context, request, typesFor('PUT'), 'u');
    const result = processBundle(context.store, bundle, {
      ids: 'server',
      refuseEntry: context.faults.refuseEntry,
    });
    return sendFhir(reply, 200, result.response);
  });
}
