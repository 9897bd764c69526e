import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../../api/client.js';
import { detectKeys } from '../queryKeys.js';
import type { AlertDetail, AlertPage, AlertStats } from '../types.js';
import type { AlertFilter, TimeWindow } from './alertFilter.js';

export const PAGE_SIZE = 50;
// Alerts arrive while the page is open; a minute is fresh enough for a triage queue.
const REFRESH_MS = 60_000;

export function alertsPath(filter: AlertFilter, window: TimeWindow, before: string | undefined): string {
  return withQuery('/api/detect/alerts', {
    status: filter.status,
    level: filter.level,
    ruleId: filter.rule,
    assignee: filter.assignee,
    q: filter.q,
    from: window.from,
    to: window.to,
    limit: PAGE_SIZE,
    before,
  });
}

export function useAlertList(filter: AlertFilter, window: TimeWindow) {
  return useInfiniteQuery({
    queryKey: [...detectKeys.alerts, 'list', filter, window],
    queryFn: ({ pageParam }) => api.get<AlertPage>(alertsPath(filter, window, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

export function useAlertStats(window: TimeWindow) {
  return useQuery({
    queryKey: [...detectKeys.alerts, 'stats', window],
    queryFn: () =>
      api.get<AlertStats>(
        withQuery('/api/detect/alerts/stats', { from: window.from, to: window.to, bucket: window.bucket }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

export function useAlert(id: string) {
  return useQuery({
    queryKey: [...detectKeys.alerts, 'detail', id],
    queryFn: async () =>
      (await api.get<{ alert: AlertDetail }>(`/api/detect/alerts/${encodeURIComponent(id)}`)).alert,
  });
}
