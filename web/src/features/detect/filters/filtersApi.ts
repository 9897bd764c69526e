import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { detectKeys } from '../queryKeys.js';
import type { DetectFilter } from '../types.js';

export function useFilters() {
  return useQuery({
    queryKey: detectKeys.filters,
    queryFn: async () => (await api.get<{ filters: DetectFilter[] }>('/api/detect/filters')).filters,
  });
}

export function useDeleteFilter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (filter: DetectFilter) => api.delete(`/api/detect/filters/${encodeURIComponent(filter.id)}`),
    onSuccess: async () => {
      // The rule raises again for the events the filter held back, so alert views may change too.
      await Promise.all([
        client.invalidateQueries({ queryKey: detectKeys.filters }),
        client.invalidateQueries({ queryKey: detectKeys.alerts }),
      ]);
    },
    // A filter someone else already deleted answers 404: refresh so the stale row goes away.
    onError: () => client.invalidateQueries({ queryKey: detectKeys.filters }),
  });
}
