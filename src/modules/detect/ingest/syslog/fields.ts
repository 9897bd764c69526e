import type { EventFields, FieldValue } from '../../types.js';
import type { SyslogMessage } from './message.js';
import { FACILITY_NAMES, SEVERITY_NAMES } from './pri.js';

/**
 * The Sigma-facing names of a syslog event (README: "Syslog fields"). One name per datum: aliases
 * such as `appname` or `program` belong in a processing pipeline's field mappings.
 */
export const SYSLOG_FIELDS = {
  format: 'syslog_format',
  facility: 'facility',
  facilityCode: 'facility_code',
  severity: 'severity',
  severityCode: 'severity_code',
  hostname: 'hostname',
  appName: 'app_name',
  procId: 'procid',
  msgId: 'msgid',
  message: 'message',
  sdPrefix: 'sd.',
} as const;

function addValue(fields: Record<string, FieldValue>, name: string, value: string): void {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else if (Array.isArray(existing)) fields[name] = [...(existing as string[]), value];
  else fields[name] = [existing as string, value];
}

/** Flat event fields; a parameter sent twice in one message becomes a list of its values. */
export function syslogFields(message: SyslogMessage): EventFields {
  const fields: Record<string, FieldValue> = { [SYSLOG_FIELDS.format]: message.format };
  if (message.priority) {
    const { facility, severity } = message.priority;
    fields[SYSLOG_FIELDS.facility] = FACILITY_NAMES[facility] ?? String(facility);
    fields[SYSLOG_FIELDS.facilityCode] = facility;
    fields[SYSLOG_FIELDS.severity] = SEVERITY_NAMES[severity] ?? String(severity);
    fields[SYSLOG_FIELDS.severityCode] = severity;
  }
  if (message.hostname !== undefined) fields[SYSLOG_FIELDS.hostname] = message.hostname;
  if (message.appName !== undefined) fields[SYSLOG_FIELDS.appName] = message.appName;
  if (message.procId !== undefined) fields[SYSLOG_FIELDS.procId] = message.procId;
  if (message.msgId !== undefined) fields[SYSLOG_FIELDS.msgId] = message.msgId;
  for (const element of message.structuredData) {
    for (const [name, value] of element.params) {
      addValue(fields, `${SYSLOG_FIELDS.sdPrefix}${element.id}.${name}`, value);
    }
  }
  fields[SYSLOG_FIELDS.message] = message.message;
  return fields;
}
