import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { continuityKeys } from '../queryKeys.js';
import type { BuildOutcome, DowntimeState, FeedOutcome, Overview } from '../types.js';

// Kits are rebuilt every minute and sources pulled as often: an overview older than this misleads.
const REFRESH_MS = 30_000;

export function useOverview() {
  return useQuery({
    queryKey: continuityKeys.overview,
    queryFn: () => api.get<Overview>('/api/continuity/overview'),
    refetchInterval: REFRESH_MS,
  });
}

export function useDowntime() {
  return useQuery({
    queryKey: continuityKeys.downtime,
    queryFn: async () => (await api.get<{ downtime: DowntimeState }>('/api/continuity/downtime')).downtime,
    refetchInterval: REFRESH_MS,
  });
}

export function useSetDowntime() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (change: { active: boolean; reason: string }) =>
      (
        await api.put<{ downtime: DowntimeState }>('/api/continuity/downtime', {
          active: change.active,
          ...(change.reason ? { reason: change.reason } : {}),
        })
      ).downtime,
    onSuccess: (downtime) => client.setQueryData(continuityKeys.downtime, downtime),
    onSettled: () => client.invalidateQueries({ queryKey: continuityKeys.all }),
  });
}

export function useSyncSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sourceId: string) =>
      api.post<FeedOutcome>(`/api/continuity/sources/${encodeURIComponent(sourceId)}/sync`),
    onSettled: () => client.invalidateQueries({ queryKey: continuityKeys.overview }),
  });
}

export function useBuildKit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (scope: string) =>
      (
        await api.post<{ outcomes: BuildOutcome[] }>('/api/continuity/kits/build', {
          scope,
          kind: 'full',
        })
      ).outcomes,
    onSettled: () => client.invalidateQueries({ queryKey: continuityKeys.overview }),
  });
}

export function rejectedCount(outcome: FeedOutcome): number {
  return Array.isArray(outcome.rejected) ? outcome.rejected.length : outcome.rejected;
}
