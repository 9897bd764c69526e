import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../../../../kernel/log/logger.js';
import type { AlertNotification } from './notifier.js';

export const NOTIFICATION: AlertNotification = {
  alertId: '0123456789abcdef0123456789abcdef',
  ruleId: '5e1b4c1c-6a3f-4d2e-9d36-0f1d7d1f1a01',
  ruleTitle: 'Suspicious Encoded PowerShell',
  level: 'high',
  time: '2026-01-13T08:00:00.000Z',
  host: 'ws-icu-07.hospital.example',
  user: 'HOSPITAL\\nurse.jansen',
  image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  sourceName: 'dc01-syslog',
  attack: ['execution', 'T1059.001'],
  link: 'https://lifeline.example/detect/alerts/0123456789abcdef0123456789abcdef',
};

/** A logger whose JSON lines the test can read back. */
export function capturingLogger(): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines: () => chunks.join('') };
}
