import pino, { type Logger } from 'pino';
import type { LogConfig } from '../config/schema.js';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line: secrets, and the fields that would carry patient data.
 * Anything nested one or two levels deep under these names is censored too.
 */
export const REDACTED_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'authorization',
  'cookie',
  'set-cookie',
  'totp',
  'code',
  'recoveryCode',
  'mfaSecret',
  'patient',
  'patientName',
  'mrn',
  'birthDate',
  'ssn',
  'nationalId',
  'address',
  'phone',
  'diagnosis',
] as const;

export const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const join = (prefix: string) => (safe.startsWith('[') ? `${prefix}${safe}` : `${prefix}.${safe}`);
  return [safe.startsWith('[') ? `*${safe}` : safe, join('*'), join('*.*'), join('req.headers')];
});

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  id?: unknown;
}

/**
 * Requests are logged by method and path only: query strings can carry one-time codes (the single
 * sign-on callback) or search terms typed by a clinician.
 */
export function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    path: request.url?.split('?')[0],
    remoteAddress: request.ip,
    id: request.id,
  };
}

export function createLogger(config: LogConfig, destination?: pino.DestinationStream): Logger {
  const pretty = config.pretty ?? (process.stdout.isTTY && !destination);
  const options: pino.LoggerOptions = {
    level: config.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'lifeline' },
    serializers: { req: serializeRequest },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination) return pino(options, destination);
  if (pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(options);
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
