/** Facility names as syslog daemons print them; the index is the facility code. */
export const FACILITY_NAMES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clock',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

/** Severity keywords as syslog daemons print them; the index is the severity code. */
export const SEVERITY_NAMES = [
  'emerg',
  'alert',
  'crit',
  'err',
  'warning',
  'notice',
  'info',
  'debug',
] as const;

export interface Priority {
  readonly facility: number;
  readonly severity: number;
}

export type PriScan =
  | { readonly kind: 'absent' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'ok'; readonly priority: Priority; readonly end: number };

const MAX_PRIVAL = 191;

/** Reads `<N>` at the start of a line; a line that opens `<` but holds no valid value is invalid. */
export function scanPri(line: string): PriScan {
  if (line.charCodeAt(0) !== 0x3c) return { kind: 'absent' };
  let value = 0;
  let index = 1;
  // Three digits is the grammar's limit; leading zeros are tolerated because real senders emit them.
  while (index < line.length && index <= 4) {
    const code = line.charCodeAt(index);
    if (code === 0x3e) break;
    if (code < 0x30 || code > 0x39) return { kind: 'invalid' };
    value = value * 10 + (code - 0x30);
    index++;
  }
  if (index === 1 || index > 4 || line.charCodeAt(index) !== 0x3e || value > MAX_PRIVAL) {
    return { kind: 'invalid' };
  }
  return { kind: 'ok', priority: { facility: value >> 3, severity: value & 7 }, end: index + 1 };
}
