import type { SigmaLevel } from '../../types.js';
import { clean } from './message.js';
import type { AlertNotification } from './notifier.js';

/** Alert level → syslog severity: critical is crit (2), informational is info (6). */
export const SEVERITY: Record<SigmaLevel, number> = {
  critical: 2,
  high: 3,
  medium: 4,
  low: 5,
  informational: 6,
};

export interface SyslogHeader {
  facility: number;
  /** This server's name; anything outside printable US-ASCII becomes `-` (the nil value). */
  hostname: string;
  appName: string;
  procId: string;
  enterpriseId: number;
}

function headerField(text: string, max: number): string {
  const printable = text.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return printable || '-';
}

/** Structured-data values escape `"`, `\` and `]` with a backslash. */
export function escapeParam(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/**
 * One alert as an RFC 5424 message: `<PRI>1 TIMESTAMP HOST APP PROCID alert [lifeline@PEN …] MSG`.
 * Parameters carry the alert for machines, MSG says it in one line for people.
 */
export function formatSyslog(n: AlertNotification, header: SyslogHeader, now: Date): string {
  const pri = header.facility * 8 + SEVERITY[n.level];
  // Cleaned again here: whatever reaches a collector stays one line, even from another caller.
  const host = clean(n.host ?? '');
  const user = clean(n.user ?? '');
  const params: [string, string][] = [
    ['alertId', n.alertId],
    ['ruleId', n.ruleId],
    ['level', n.level],
    ['host', host],
    ['user', user],
    ['image', n.image ?? ''],
    ['source', n.sourceName],
    ['link', n.link],
  ];
  const sd = `[lifeline@${header.enterpriseId}${params
    .map(([name, value]): [string, string] => [name, clean(value)])
    .filter(([, value]) => value !== '')
    .map(([name, value]) => ` ${name}="${escapeParam(value)}"`)
    .join('')}]`;
  const who = [host && `host ${host}`, user && `user ${user}`].filter(Boolean).join(', ');
  const msg = `${n.level.toUpperCase()} alert: ${clean(n.ruleTitle)}${who ? ` (${who})` : ''} ${clean(n.link)}`;
  return [
    `<${pri}>1`,
    now.toISOString(),
    headerField(header.hostname, 255),
    headerField(header.appName, 48),
    headerField(header.procId, 128),
    'alert',
    sd,
    msg,
  ].join(' ');
}

/** Cuts a message to at most `max` bytes of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, max: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** RFC 6587 octet counting: `LEN SP MESSAGE`, so messages may hold any byte, newlines included. */
export function octetFrame(message: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${message.length} `, 'ascii'), message]);
}
