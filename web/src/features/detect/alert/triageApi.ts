import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { detectKeys } from '../queryKeys.js';
import type { Alert, DetectFilter } from '../types.js';

export type TriageAction =
  | { kind: 'acknowledge' }
  | { kind: 'assign'; assignee: string }
  | { kind: 'close'; reason: string }
  | { kind: 'false-positive'; reason: string; fields: string[] }
  | { kind: 'reopen' };

export interface TriageAnswer {
  alert: Alert;
  /** Only a false-positive answer carries the filter it created. */
  filter?: DetectFilter;
}

function bodyOf(action: TriageAction): object {
  switch (action.kind) {
    case 'acknowledge':
    case 'reopen':
      return {};
    case 'assign':
      return { assignee: action.assignee };
    case 'close':
      return { reason: action.reason };
    case 'false-positive':
      // No fields: the server picks the ones the rule matched on.
      return action.fields.length > 0
        ? { reason: action.reason, fields: action.fields }
        : { reason: action.reason };
  }
}

export function useTriage(alertId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: TriageAction) =>
      api.post<TriageAnswer>(
        `/api/detect/alerts/${encodeURIComponent(alertId)}/${action.kind}`,
        bodyOf(action),
      ),
    // Whatever happened, the list, the totals and this alert may have changed (a refused action too,
    // when someone else got there first).
    onSettled: async (_answer, _error, action) => {
      await client.invalidateQueries({ queryKey: detectKeys.alerts });
      if (action.kind === 'false-positive') await client.invalidateQueries({ queryKey: detectKeys.filters });
    },
  });
}
