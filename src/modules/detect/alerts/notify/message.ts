import type { EventFields, FieldValue } from '../../types.js';
import { HOST_FIELDS, IMAGE_FIELDS, USER_FIELDS } from '../config.js';
import type { Alert } from '../types.js';
import type { AlertNotification } from './notifier.js';

const MAX_VALUE = 256;

/** Log data is attacker-controlled: no control characters (header or line injection), bounded length. */
export function clean(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .trim()
    .slice(0, MAX_VALUE);
}

function first(fields: EventFields, names: readonly string[]): string | null {
  for (const name of names) {
    const value: FieldValue | undefined = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (value === undefined || value === null || Array.isArray(value)) continue;
    const text = clean(String(value));
    if (text) return text;
  }
  return null;
}

export function alertLink(consoleUrl: string, alertId: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/detect/alerts/${encodeURIComponent(alertId)}`;
}

export function buildNotification(alert: Alert, fields: EventFields, consoleUrl: string): AlertNotification {
  return {
    alertId: alert.id,
    ruleId: clean(alert.ruleId),
    ruleTitle: clean(alert.ruleTitle),
    level: alert.level,
    time: alert.firstSeen,
    host: first(fields, HOST_FIELDS),
    user: first(fields, USER_FIELDS),
    image: first(fields, IMAGE_FIELDS),
    sourceName: clean(alert.source.name),
    attack: alert.attack.map(clean),
    link: alertLink(consoleUrl, alert.id),
  };
}

export function subjectOf(n: AlertNotification): string {
  return `[Lifeline] ${n.level.toUpperCase()} alert: ${n.ruleTitle}${n.host ? ` on ${n.host}` : ''}`;
}

/** The plain-text body used by mail. */
export function textOf(n: AlertNotification): string {
  const lines = [
    `Rule:    ${n.ruleTitle} (${n.ruleId})`,
    `Level:   ${n.level}`,
    `Host:    ${n.host ?? '-'}`,
    `User:    ${n.user ?? '-'}`,
    `Program: ${n.image ?? '-'}`,
    `Time:    ${n.time}`,
    `Source:  ${n.sourceName}`,
    ...(n.attack.length > 0 ? [`ATT&CK:  ${n.attack.join(', ')}`] : []),
    '',
    `Open the alert in Lifeline: ${n.link}`,
  ];
  return `${lines.join('\n')}\n`;
}
