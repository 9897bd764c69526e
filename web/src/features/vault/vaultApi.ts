import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export interface RepositorySummary {
  id: string;
  name: string;
  location: string;
  reachable: boolean;
  problem: string | null;
  snapshots: number;
  latestSnapshot: string | null;
  storedBytes: number;
}

export interface JobRun {
  id: string;
  trigger: 'schedule' | 'manual';
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'success' | 'partial' | 'failure';
  snapshotId: string | null;
  files: number | null;
  bytesStored: number | null;
  message: string | null;
}

export interface Job {
  id: string;
  name: string;
  repositoryId: string;
  sources: string[];
  schedule: string;
  enabled: boolean;
  lastRun: JobRun | null;
}

const repositoriesKey = ['vault', 'repositories'] as const;
const jobsKey = ['vault', 'jobs'] as const;

export function useRepositories() {
  return useQuery({
    queryKey: repositoriesKey,
    queryFn: async () =>
      (await api.get<{ repositories: RepositorySummary[] }>('/api/vault/repositories')).repositories,
  });
}

export function useJobs() {
  return useQuery({
    queryKey: jobsKey,
    queryFn: async () => (await api.get<{ jobs: Job[] }>('/api/vault/jobs')).jobs,
  });
}

export function useRunJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (job: Job) => api.post<{ run: JobRun }>(`/api/vault/jobs/${encodeURIComponent(job.id)}/run`),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: jobsKey });
      await client.invalidateQueries({ queryKey: repositoriesKey });
    },
  });
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
