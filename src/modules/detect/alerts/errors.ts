import { defineErrorCodes } from '../../../kernel/errors.js';

export const DETECT_ALERT_ERRORS = defineErrorCodes({
  DETECT_ALERT_NOT_FOUND: { status: 404, title: 'No such alert' },
  DETECT_ALERT_STATE: { status: 409, title: 'The alert is not in a state that allows this action' },
  DETECT_ASSIGNEE_UNKNOWN: { status: 400, title: 'No active user has that name' },
  DETECT_FILTER_FIELDS: { status: 400, title: 'The false-positive filter cannot be built from those fields' },
  DETECT_FILTER_NOT_FOUND: { status: 404, title: 'No such false-positive filter' },
  DETECT_CURSOR_INVALID: { status: 400, title: 'The paging cursor is not valid' },
  DETECT_RULE_NOT_FOUND: { status: 404, title: 'No such detection rule' },
  DETECT_NOTIFIER_SECRET: { status: 500, title: 'A notifier secret cannot be read' },
});
