import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LifelineError } from '../../../kernel/errors.js';
import { listSnapshots } from '../archiver/find-snapshot.js';
import type { VaultJobs, Who } from './jobs.js';
import { retentionSchema } from './types.js';

const READ = { permission: 'vault.read' };
const MANAGE = { permission: 'vault.manage' };

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), 'must be an absolute path');
const repositoryBody = z.strictObject({
  name: z.string().trim().min(1).max(64),
  location: absolutePath,
  passwordFile: absolutePath,
  create: z.boolean().default(false),
});
const jobFields = {
  name: z.string().trim().min(1).max(64),
  sources: z.array(absolutePath).min(1).max(100),
  excludes: z.array(z.string().min(1).max(512)).max(200).default([]),
  tags: z.array(z.string().min(1).max(64)).max(20).default([]),
  schedule: z.string().min(1).max(120),
  retention: retentionSchema.default({}),
  enabled: z.boolean().default(true),
};
const jobBody = z.strictObject({ ...jobFields, repositoryId: z.string().min(1).max(64) });
const jobPatch = z.strictObject({
  name: jobFields.name.optional(),
  sources: z.array(absolutePath).min(1).max(100).optional(),
  excludes: z.array(z.string().min(1).max(512)).max(200).optional(),
  tags: z.array(z.string().min(1).max(64)).max(20).optional(),
  schedule: z.string().min(1).max(120).optional(),
  retention: retentionSchema.optional(),
  enabled: z.boolean().optional(),
});

function who(request: FastifyRequest): Who {
  return { actor: request.principal?.actor ?? 'anonymous', sourceIp: request.ip };
}

/** The vault's HTTP API; every route declares the permission it needs. */
export function vaultRoutes(jobs: VaultJobs): FastifyPluginAsync {
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['vault'];

    api.get(
      '/api/vault/repositories',
      { config: { access: READ }, schema: { tags, summary: 'Backup repositories' } },
      async () => ({
        repositories: await Promise.all(
          (await jobs.store.repositories()).map((record) => jobs.summary(record)),
        ),
      }),
    );

    api.post(
      '/api/vault/repositories',
      {
        config: { access: MANAGE },
        schema: { body: repositoryBody, tags, summary: 'Register or create a repository' },
      },
      async (request, reply) => {
        const record = await jobs.addRepository(request.body, who(request));
        return reply.status(201).send({ repository: await jobs.summary(record) });
      },
    );

    api.get(
      '/api/vault/repositories/:id/snapshots',
      { config: { access: READ }, schema: { params: idParams, tags, summary: 'Snapshots of a repository' } },
      async (request) => {
        const record = await jobs.store.repository(request.params.id);
        if (!record) throw new LifelineError('NOT_FOUND', 'no such repository');
        const repository = await jobs.openForReading(record);
        return { snapshots: (await listSnapshots(repository)).reverse() };
      },
    );

    api.get(
      '/api/vault/jobs',
      { config: { access: READ }, schema: { tags, summary: 'Backup jobs with their last run' } },
      async () => {
        const list = await jobs.store.jobs();
        return {
          jobs: await Promise.all(
            list.map(async (job) => ({ ...job, lastRun: (await jobs.store.runs(job.id, 1))[0] ?? null })),
          ),
        };
      },
    );

    api.post(
      '/api/vault/jobs',
      { config: { access: MANAGE }, schema: { body: jobBody, tags, summary: 'Create a backup job' } },
      async (request, reply) =>
        reply.status(201).send({ job: await jobs.addJob(request.body, who(request)) }),
    );

    api.patch(
      '/api/vault/jobs/:id',
      {
        config: { access: MANAGE },
        schema: { params: idParams, body: jobPatch, tags, summary: 'Change a backup job' },
      },
      async (request) => ({ job: await jobs.updateJob(request.params.id, request.body, who(request)) }),
    );

    api.delete(
      '/api/vault/jobs/:id',
      { config: { access: MANAGE }, schema: { params: idParams, tags, summary: 'Delete a backup job' } },
      async (request, reply) => {
        await jobs.removeJob(request.params.id, who(request));
        return reply.status(204).send();
      },
    );

    api.post(
      '/api/vault/jobs/:id/run',
      { config: { access: MANAGE }, schema: { params: idParams, tags, summary: 'Run a backup job now' } },
      async (request) => ({ run: await jobs.run(request.params.id, 'manual', who(request)) }),
    );

    api.get(
      '/api/vault/jobs/:id/runs',
      {
        config: { access: READ },
        schema: { params: idParams, tags, summary: 'Recent runs of a backup job' },
      },
      async (request) => ({ runs: await jobs.store.runs(request.params.id) }),
    );
  };
}
