import { LifelineError } from '../../../kernel/errors.js';
import './errors.js';
import type { AlertStatus, HistoryAction } from './types.js';

export type TriageAction = 'acknowledge' | 'assign' | 'close' | 'false-positive' | 'reopen';

/** The statuses each action starts from; anything else is refused, never silently ignored. */
export const ALLOWED_FROM: Record<TriageAction, readonly AlertStatus[]> = {
  acknowledge: ['new'],
  assign: ['new', 'acknowledged'],
  close: ['new', 'acknowledged'],
  'false-positive': ['new', 'acknowledged'],
  reopen: ['closed'],
};

export const HISTORY_OF: Record<TriageAction, HistoryAction> = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  close: 'closed',
  'false-positive': 'false-positive',
  reopen: 'reopened',
};

export function stateError(action: TriageAction, status: AlertStatus): LifelineError {
  let message: string;
  if (action === 'reopen') message = 'the alert is not closed';
  else if (status === 'closed') message = 'the alert is closed; reopen it first';
  else message = `the alert is ${status} already`;
  return new LifelineError('DETECT_ALERT_STATE', message, { action, status });
}
