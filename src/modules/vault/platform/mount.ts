import type { FastifyPluginAsync } from 'fastify';
import type { JobDefinition } from '../../../kernel/scheduler/types.js';
import { type VaultPlatformDeps, VaultJobs } from './jobs.js';
import { vaultRoutes } from './routes.js';

export const VAULT_PERMISSIONS = {
  'vault.read': ['admin', 'security-analyst', 'incident-commander', 'auditor'],
  'vault.manage': ['admin'],
} as const;

/** The vault inside a running platform: its API and the scheduler job that starts due backups. */
export function vaultPlatform(deps: VaultPlatformDeps): {
  jobs: VaultJobs;
  routes: FastifyPluginAsync;
  scheduled: JobDefinition[];
} {
  const jobs = new VaultJobs(deps);
  const dueJobs: JobDefinition = {
    name: 'vault.jobs.due',
    cron: '* * * * *',
    // Every minute, cluster-wide once (the scheduler's lease): start the backups whose schedule ticked.
    run: async ({ scheduledFor }) => {
      const to = new Date(scheduledFor);
      await jobs.runDue(new Date(to.getTime() - 60_000), to, { actor: 'system:scheduler', sourceIp: null });
    },
  };
  return { jobs, routes: vaultRoutes(jobs), scheduled: [dueJobs] };
}
