/**
 * One error type for the whole platform. The `code` is stable: operators search for it, docs/errors.md
 * explains it, and clients branch on it. `details` must be safe to show to any caller: never patient
 * data, never secrets.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { status: 500, title: 'The configuration is invalid' },
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  BODY_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'The change conflicts with the current state' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  DB_UNAVAILABLE: { status: 503, title: 'The database is not reachable' },
  DB_MIGRATION_FAILED: { status: 500, title: 'A database migration failed' },
  BUS_UNAVAILABLE: { status: 503, title: 'The event bus is not reachable' },
  AUTH_REQUIRED: { status: 401, title: 'Authentication is required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, title: 'User name or password is wrong' },
  AUTH_ACCOUNT_LOCKED: { status: 423, title: 'The account is locked after repeated failures' },
  AUTH_ACCOUNT_DISABLED: { status: 403, title: 'The account is disabled' },
  AUTH_MFA_INVALID: { status: 401, title: 'The second-factor code is wrong' },
  AUTH_MFA_ENROLMENT_REQUIRED: { status: 403, title: 'Your role requires multi-factor authentication' },
  AUTH_PASSWORD_CHANGE_REQUIRED: { status: 403, title: 'Choose a new password first' },
  AUTH_CSRF_INVALID: { status: 403, title: 'The CSRF token is missing or wrong' },
  AUTH_FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  AUTH_TOKEN_INVALID: { status: 401, title: 'The API token is not valid' },
  AUTH_SSO_NOT_CONFIGURED: { status: 404, title: 'Single sign-on is not configured' },
  AUTH_SSO_FAILED: { status: 401, title: 'Single sign-on did not complete' },
  USER_EXISTS: { status: 409, title: 'A user with that name exists already' },
  USER_NOT_FOUND: { status: 404, title: 'No such user' },
  USER_LAST_ADMIN: { status: 409, title: 'The last active administrator cannot be removed' },
  PASSWORD_TOO_WEAK: { status: 400, title: 'The password does not meet the policy' },
  TOKEN_NOT_FOUND: { status: 404, title: 'No such API token' },
  AUDIT_CHAIN_BROKEN: { status: 500, title: 'The audit chain is broken' },
  CLI_USAGE: { status: 400, title: 'The command was used wrongly' },
  SCHEDULER_JOB_INVALID: { status: 400, title: 'The scheduled job is not valid' },
} as const satisfies Record<string, { status: number; title: string }>;

export interface ErrorCodeSpec {
  status: number;
  title: string;
}

const registry = new Map<string, ErrorCodeSpec>(Object.entries(ERROR_CODES));

/**
 * Each module declares its own codes in its errors.ts through this function, so the kernel never
 * needs to know about modules and docs/errors.md can still be checked against every code in use.
 */
export function defineErrorCodes<const T extends Record<string, ErrorCodeSpec>>(codes: T): T {
  for (const [code, spec] of Object.entries(codes)) {
    const known = registry.get(code);
    if (known && (known.status !== spec.status || known.title !== spec.title)) {
      throw new Error(`error code ${code} is defined twice with different meanings`);
    }
    registry.set(code, spec);
  }
  return codes;
}

export function registeredErrorCodes(): ReadonlyMap<string, ErrorCodeSpec> {
  return registry;
}

export type ErrorCode = keyof typeof ERROR_CODES | (string & { readonly __moduleCode?: never });

export type SafeDetails = Record<string, string | number | boolean | null | readonly string[]>;

export class LifelineError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: SafeDetails;

  constructor(code: ErrorCode, message?: string, details: SafeDetails = {}, options?: { cause?: unknown }) {
    const spec = registry.get(code) ?? { status: 500, title: code };
    super(message ?? spec.title, options);
    this.name = 'LifelineError';
    this.code = code;
    this.status = spec.status;
    this.details = details;
  }
}

export function isLifelineError(value: unknown): value is LifelineError {
  return value instanceof LifelineError;
}

/**
 * What may be logged about a failure whose message could quote data (a driver's error can carry a
 * row's values): the stable code of a LifelineError, else the error's class name.
 */
export function loggableError(error: unknown): string {
  if (isLifelineError(error)) return error.code;
  if (error instanceof Error)
    return (error as { code?: unknown }).code === undefined
      ? error.name
      : `${error.name}:${String((error as { code?: unknown }).code)}`;
  return typeof error;
}
