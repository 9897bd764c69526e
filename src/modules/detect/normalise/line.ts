import { normaliseAuditd } from './auditd/record.js';
import { NORMALISE_LIMITS } from './limits.js';
import { normaliseJson } from './normalise-json.js';
import { refused, type NormaliseResult } from './result.js';
import { detectShape } from './shape.js';
import { normaliseAccessLog } from './web-access.js';

/**
 * One line of unknown format: a JSON object, an audit record or an access log line, whichever it
 * is. Never throws.
 */
export function normaliseLine(line: string): NormaliseResult {
  try {
    if (typeof line !== 'string') return refused('input is not text');
    if (line.length > NORMALISE_LIMITS.maxInputChars) return refused('line too large');
    const shape = detectShape(line);
    switch (shape) {
      case 'json-text':
        return normaliseJson(line);
      case 'auditd':
        return normaliseAuditd(line);
      case 'web-access':
        return normaliseAccessLog(line);
      case 'evtx-json':
      case 'winlogbeat':
      case 'json':
      case 'unknown':
        return refused('unrecognised line format');
    }
  } catch {
    return refused('line could not be read');
  }
}
