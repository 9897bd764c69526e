import { looksLikeAuditd } from './auditd/record.js';
import { looksLikeAccessLog } from './web-access.js';
import { isRecord } from './xml-json.js';

/**
 * The kinds of outside event Lifeline reads:
 * - `evtx-json`: an EVTX record rendered as JSON, `{"Event":{"System":…}}` or `{"System":…}`;
 * - `winlogbeat`: a Winlogbeat/Elastic Agent document with a `winlog` object;
 * - `json`: any other JSON object, flattened to dotted names;
 * - `json-text`: a string holding a JSON object (parse it, then ask again);
 * - `auditd`: one Linux audit record line;
 * - `web-access`: a Common or Combined Log Format line;
 * - `unknown`: none of these.
 */
export type EventShape =
  'evtx-json' | 'winlogbeat' | 'json' | 'json-text' | 'auditd' | 'web-access' | 'unknown';

export function detectShape(value: unknown): EventShape {
  if (typeof value === 'string') return detectTextShape(value);
  if (!isRecord(value)) return 'unknown';
  const event = isRecord(value.Event) ? value.Event : value;
  if (isRecord(event.System)) return 'evtx-json';
  if (isRecord(value.winlog)) return 'winlogbeat';
  return 'json';
}

function detectTextShape(text: string): EventShape {
  const start = text.trimStart();
  if (start.startsWith('{')) return 'json-text';
  if (looksLikeAuditd(start)) return 'auditd';
  if (looksLikeAccessLog(start)) return 'web-access';
  return 'unknown';
}
