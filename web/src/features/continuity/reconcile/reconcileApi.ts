import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../api/client.js';
import { continuityKeys } from '../queryKeys.js';
import type { PostResult, ReconcileImport, ReconcileItem } from '../types.js';

export interface ItemFilter {
  status: string;
  importId: string;
}

export function useImports() {
  return useQuery({
    queryKey: continuityKeys.imports,
    queryFn: async () =>
      (await api.get<{ imports: ReconcileImport[] }>('/api/continuity/reconcile/imports')).imports,
  });
}

export function useItems(filter: ItemFilter) {
  return useQuery({
    queryKey: [...continuityKeys.items, filter.status, filter.importId],
    queryFn: async () =>
      (
        await api.get<{ items: ReconcileItem[] }>(
          withQuery('/api/continuity/reconcile/items', { status: filter.status, importId: filter.importId }),
        )
      ).items,
    placeholderData: keepPreviousData,
  });
}

/** Imports refresh both lists: a new import brings new items. */
function useRefresh() {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: continuityKeys.imports });
    await client.invalidateQueries({ queryKey: continuityKeys.items });
  };
}

export function useUploadImport() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (bundle: unknown) =>
      (await api.post<{ import: ReconcileImport }>('/api/continuity/reconcile/imports', bundle)).import,
    onSettled: refresh,
  });
}

const itemPath = (item: ReconcileItem, action: 'approve' | 'reject') =>
  `/api/continuity/reconcile/items/${encodeURIComponent(item.id)}/${action}`;

export function useApproveItem() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ item, patientId }: { item: ReconcileItem; patientId?: string }) =>
      (await api.post<{ item: ReconcileItem }>(itemPath(item, 'approve'), patientId ? { patientId } : {}))
        .item,
    onSettled: refresh,
  });
}

export function useRejectItem() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ item, reason }: { item: ReconcileItem; reason: string }) =>
      (await api.post<{ item: ReconcileItem }>(itemPath(item, 'reject'), { reason })).item,
    onSettled: refresh,
  });
}

export function usePostApproved() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => api.post<PostResult>('/api/continuity/reconcile/post'),
    onSettled: refresh,
  });
}
