import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../api/client.js';
import type { AuditOutcome, AuditRecord, AuditVerification } from '../../api/types.js';

export const PAGE_SIZE = 50;

export interface AuditFilter {
  actor: string;
  action: string;
  outcome: AuditOutcome | '';
  /** Calendar days (YYYY-MM-DD) in the user's time zone, as a date input gives them. */
  from: string;
  to: string;
}

export const noFilter: AuditFilter = { actor: '', action: '', outcome: '', from: '', to: '' };

function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function auditPath(filter: AuditFilter, beforeSeq: number | undefined): string {
  return withQuery('/api/audit', {
    actor: filter.actor.trim(),
    action: filter.action.trim(),
    outcome: filter.outcome,
    from: dayBoundary(filter.from, false),
    to: dayBoundary(filter.to, true),
    limit: PAGE_SIZE,
    beforeSeq,
  });
}

export function useAuditRecords(filter: AuditFilter, beforeSeq: number | undefined) {
  return useQuery({
    queryKey: ['audit', filter, beforeSeq ?? null],
    queryFn: async () => (await api.get<{ records: AuditRecord[] }>(auditPath(filter, beforeSeq))).records,
    placeholderData: keepPreviousData,
  });
}

export function useVerifyChain() {
  return useMutation({ mutationFn: () => api.get<AuditVerification>('/api/audit/verify') });
}
