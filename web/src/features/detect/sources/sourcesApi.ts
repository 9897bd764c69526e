import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../../api/client.js';
import { detectKeys } from '../queryKeys.js';
import type { IngestSource, QuarantineEntry } from '../types.js';

export const QUARANTINE_LIMIT = 50;
// Ingest health is watched while it changes: a source that stops or falls behind should show soon.
const REFRESH_MS = 15_000;

export function useSources() {
  return useQuery({
    queryKey: detectKeys.sources,
    queryFn: async () => (await api.get<{ sources: IngestSource[] }>('/api/detect/sources')).sources,
    refetchInterval: REFRESH_MS,
  });
}

export function useQuarantine(source: string) {
  return useQuery({
    queryKey: [...detectKeys.quarantine, source],
    queryFn: () =>
      api.get<{ entries: QuarantineEntry[]; total: number }>(
        withQuery('/api/detect/quarantine', { source, limit: QUARANTINE_LIMIT }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}
