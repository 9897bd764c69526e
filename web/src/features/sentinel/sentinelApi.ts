import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Detection, DetectionSummary, SentinelStatus } from './types.js';

// A detection is a writer held stopped: an operator must see it within seconds, not minutes.
const REFRESH_MS = 5_000;

/** Query keys share the 'sentinel' prefix so one action refreshes every view it changes. */
export const sentinelKeys = {
  all: ['sentinel'] as const,
  status: ['sentinel', 'status'] as const,
  detections: ['sentinel', 'detections'] as const,
  detection: (id: string) => ['sentinel', 'detection', id] as const,
};

export const detectionPath = (id: string) => `/sentinel/detections/${encodeURIComponent(id)}`;

export function useSentinelStatus() {
  return useQuery({
    queryKey: sentinelKeys.status,
    queryFn: () => api.get<SentinelStatus>('/api/sentinel/status'),
    refetchInterval: REFRESH_MS,
  });
}

export function useDetections() {
  return useQuery({
    queryKey: sentinelKeys.detections,
    queryFn: async () =>
      (await api.get<{ detections: DetectionSummary[] }>('/api/sentinel/detections')).detections,
    refetchInterval: REFRESH_MS,
  });
}

export function useDetection(id: string) {
  return useQuery({
    queryKey: sentinelKeys.detection(id),
    queryFn: async () =>
      (await api.get<{ detection: Detection }>(`/api/sentinel/detections/${encodeURIComponent(id)}`))
        .detection,
  });
}

export type WriterDecision = 'release' | 'kill' | 'resolve';

export function useDecideWriter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, decision }: { id: string; decision: WriterDecision }) =>
      (
        await api.post<{ detection: Detection }>(
          `/api/sentinel/detections/${encodeURIComponent(id)}/${decision}`,
        )
      ).detection,
    onSettled: () => client.invalidateQueries({ queryKey: sentinelKeys.all }),
  });
}

export function useMakeWritable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (path: string) =>
      api.post<{ outcome: { detail: string } }>('/api/sentinel/shares/writable', { path }),
    onSettled: () => client.invalidateQueries({ queryKey: sentinelKeys.all }),
  });
}
