import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { who } from './who.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LifelineError } from '../../../kernel/errors.js';
import { readBundle } from '../fhir/index.js';
import { scopeFromKey } from '../kits/scope.js';
import { reconcileRoutes } from '../reconcile/index.js';
import type { ContinuityPlatform } from './mount.js';

const READ = { permission: 'continuity.read' };
const DOWNLOAD = { permission: 'continuity.kit.download' };
const MANAGE = { permission: 'continuity.manage' };
const DOWNTIME = { permission: 'continuity.downtime' };
const DEVICE_SYNC = { permission: 'continuity.device.sync' };
const tags = ['continuity'];

const scopeParam = z.strictObject({ scope: z.string().min(1).max(200) });
const idParam = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/) });
const buildBody = z.strictObject({
  scope: z.string().min(1).max(200).optional(),
  kind: z.enum(['full', 'delta']).default('full'),
});
const deviceBody = z.strictObject({
  deviceId: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/),
  name: z.string().trim().min(1).max(120),
  scope: z.string().min(1).max(200),
});
const transferBody = z
  .strictObject({
    patientId: z
      .string()
      .regex(/^[A-Za-z0-9.-]{1,64}$/)
      .optional(),
    mrn: z.string().min(1).max(64).optional(),
  })
  .refine((body) => (body.patientId === undefined) !== (body.mrn === undefined), 'give patientId or mrn');
const downtimeBody = z.strictObject({
  active: z.boolean(),
  reason: z.string().trim().min(1).max(500).optional(),
});

/**
 * A device's API token is named after the device (`lifeline token create … --name <device id>`), so a
 * token taken from one laptop cannot pull or acknowledge another device's kits.
 */
function requireOwnDevice(request: FastifyRequest, deviceId: string): void {
  const principal = request.principal;
  if (principal?.via === 'token' && principal.tokenName !== deviceId) {
    throw new LifelineError('AUTH_FORBIDDEN', 'This API token belongs to another device', { deviceId });
  }
}

/** The continuity API under /api/continuity; every route declares the permission it needs. */
export function continuityRoutes(platform: ContinuityPlatform): FastifyPluginAsync {
  const { service, devices, stores, kitFile } = platform;
  const hospital = platform.config.hospital;
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    await app.register(reconcileRoutes({ reconcile: platform.reconcile }));

    api.get(
      '/api/continuity/overview',
      {
        config: { access: READ },
        schema: { tags, summary: 'Sources, scopes, kits, devices and downtime mode' },
      },
      async () => platform.overview(),
    );

    api.post(
      '/api/continuity/sources/:id/sync',
      { config: { access: MANAGE }, schema: { params: idParam, tags, summary: 'Pull a source now' } },
      async (request) => {
        const outcome = await service.syncSource(request.params.id, who(request));
        return { resources: outcome.resources, rejected: outcome.rejected, patients: outcome.patients };
      },
    );

    api.post(
      '/api/continuity/import',
      {
        config: { access: MANAGE },
        schema: { body: z.record(z.string(), z.unknown()), tags, summary: 'Import a FHIR Bundle' },
      },
      async (request) => {
        const bundle = readBundle(request.body);
        const items = [
          ...bundle.resources.map((resource) => ({ resource })),
          ...bundle.rejected.map((rejected) => ({ rejected })),
        ];
        const outcome = await service.importItems('import', items, who(request));
        return { resources: outcome.resources, rejected: outcome.rejected, patients: outcome.patients };
      },
    );

    api.get(
      '/api/continuity/kits',
      { config: { access: READ }, schema: { tags, summary: 'Kits built, newest first' } },
      async () => ({ kits: await stores.kits.list({ limit: 200 }) }),
    );

    api.post(
      '/api/continuity/kits/build',
      { config: { access: MANAGE }, schema: { body: buildBody, tags, summary: 'Build kits now' } },
      async (request) => {
        const { scope, kind } = request.body;
        const outcomes = scope
          ? [await service.buildKit(scopeFromKey(scope, hospital), kind, who(request))]
          : await service.buildAll(kind, who(request));
        return {
          outcomes: outcomes.map((outcome) => outcome),
        };
      },
    );

    api.get(
      '/api/continuity/kits/:scope/file',
      {
        config: { access: DOWNLOAD },
        schema: { params: scopeParam, tags, summary: "The scope's newest kit as one HTML file" },
      },
      async (request, reply) => {
        const kit = await kitFile(request.params.scope, who(request));
        return reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('content-disposition', `attachment; filename="lifeline-kit-${kit.fileName}.html"`)
          .header('cache-control', 'no-store')
          .send(kit.html);
      },
    );

    api.post(
      '/api/continuity/transfer-packs',
      {
        config: { access: DOWNLOAD },
        schema: { body: transferBody, tags, summary: "A patient's IPS document Bundle for a transfer" },
      },
      async (request, reply) => {
        const bundle = await service.transferPack(request.body, who(request));
        return reply
          .header('content-type', 'application/fhir+json')
          .header('content-disposition', 'attachment; filename="transfer-pack.json"')
          .header('cache-control', 'no-store')
          .send(bundle);
      },
    );

    api.get(
      '/api/continuity/devices',
      { config: { access: READ }, schema: { tags, summary: 'Downtime devices and their freshness' } },
      async () => ({ devices: await devices.list() }),
    );

    api.post(
      '/api/continuity/devices',
      {
        config: { access: MANAGE },
        schema: { body: deviceBody, tags, summary: 'Register a device; its key file is returned once' },
      },
      async (request, reply) => {
        const scope = scopeFromKey(request.body.scope, hospital);
        const registered = await platform.registerDevice(
          { deviceId: request.body.deviceId, name: request.body.name, scopeKey: request.body.scope },
          who(request),
        );
        return reply
          .status(201)
          .header('cache-control', 'no-store')
          .send({ device: registered.device, keyFile: registered.keyFile, scope });
      },
    );

    api.post(
      '/api/continuity/devices/:id/revoke',
      { config: { access: MANAGE }, schema: { params: idParam, tags, summary: 'Revoke a device' } },
      async (request) => {
        await devices.revoke(request.params.id, who(request));
        return { revoked: request.params.id };
      },
    );

    api.get(
      '/api/continuity/devices/:id/kit',
      {
        config: { access: DEVICE_SYNC },
        schema: { params: idParam, tags, summary: 'The newest kit chain for a device, as an HTML file' },
      },
      async (request, reply) => {
        requireOwnDevice(request, request.params.id);
        const device = await devices.requireActive(request.params.id);
        const kit = await kitFile(device.scopeKey, who(request), device.deviceId);
        return reply.header('cache-control', 'no-store').send({
          kitId: kit.kitId,
          dataAsOf: kit.dataAsOf,
          builtAt: kit.builtAt,
          html: kit.html,
        });
      },
    );

    api.post(
      '/api/continuity/devices/:id/kit/ack',
      {
        config: { access: DEVICE_SYNC },
        schema: {
          params: idParam,
          body: z.strictObject({ kitId: z.string().regex(/^kit-[A-Za-z0-9]{1,64}$/) }),
          tags,
          summary: 'The device verified and stored a kit: its freshness counts from that kit',
        },
      },
      async (request) => {
        requireOwnDevice(request, request.params.id);
        const device = await devices.requireActive(request.params.id);
        const kit = await stores.kits.get(request.body.kitId);
        if (!kit || kit.scopeKey !== device.scopeKey) {
          throw new LifelineError('NOT_FOUND', 'No such kit for this device', {});
        }
        await devices.recordSync(device.deviceId, { kitId: kit.kitId, dataAsOf: kit.dataAsOf });
        return { acknowledged: kit.kitId };
      },
    );

    api.get(
      '/api/continuity/downtime',
      { config: { access: READ }, schema: { tags, summary: 'Downtime mode' } },
      async () => ({ downtime: await stores.settings.downtime() }),
    );

    api.put(
      '/api/continuity/downtime',
      { config: { access: DOWNTIME }, schema: { body: downtimeBody, tags, summary: 'Switch downtime mode' } },
      async (request) => ({
        downtime: await service.setDowntime(request.body.active, request.body.reason ?? null, who(request)),
      }),
    );
  };
}
