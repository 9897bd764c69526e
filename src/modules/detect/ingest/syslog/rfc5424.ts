import type { SyslogParse } from './message.js';
import { withoutBom } from './message.js';
import type { Priority } from './pri.js';
import { scanStructuredData } from './structured-data.js';
import { parseRfc3339 } from './timestamp.js';

const NIL = '-';

/** The next space-delimited header field from `start`: printable US-ASCII only, as the grammar says. */
function headerField(line: string, start: number): { value: string; end: number } | undefined {
  let index = start;
  while (index < line.length) {
    const code = line.charCodeAt(index);
    if (code === 0x20) break;
    if (code < 0x21 || code > 0x7e) return undefined;
    index++;
  }
  if (index === start || line.charCodeAt(index) !== 0x20) return undefined;
  return { value: line.slice(start, index), end: index + 1 };
}

const FIELDS = ['timestamp', 'hostname', 'app-name', 'procid', 'msgid'] as const;

/**
 * An RFC 5424 line whose PRI has been read; `start` points just past `<PRI>`. Field lengths are not
 * enforced (real senders exceed them); the character set and the shape are.
 */
export function parseRfc5424(line: string, priority: Priority, start: number): SyslogParse {
  const version = headerField(line, start);
  if (!version || !/^[1-9]\d{0,2}$/.test(version.value)) return { ok: false, reason: 'invalid version' };
  if (version.value !== '1') return { ok: false, reason: 'unsupported syslog version' };
  const values: Partial<Record<(typeof FIELDS)[number], string>> = {};
  let index = version.end;
  for (const name of FIELDS) {
    const field = headerField(line, index);
    if (!field) return { ok: false, reason: `invalid ${name}` };
    if (field.value !== NIL) values[name] = field.value;
    index = field.end;
  }
  let timestamp: string | undefined;
  if (values.timestamp !== undefined) {
    timestamp = parseRfc3339(values.timestamp);
    if (timestamp === undefined) return { ok: false, reason: 'invalid timestamp' };
  }
  const sd = scanStructuredData(line, index);
  if (!sd.ok) return sd;
  const message = sd.end < line.length ? withoutBom(line.slice(sd.end + 1)) : '';
  return {
    ok: true,
    message: {
      format: 'rfc5424',
      priority,
      ...(timestamp !== undefined ? { timestamp } : {}),
      ...(values.hostname !== undefined ? { hostname: values.hostname } : {}),
      ...(values['app-name'] !== undefined ? { appName: values['app-name'] } : {}),
      ...(values.procid !== undefined ? { procId: values.procid } : {}),
      ...(values.msgid !== undefined ? { msgId: values.msgid } : {}),
      structuredData: sd.elements,
      message,
    },
  };
}
