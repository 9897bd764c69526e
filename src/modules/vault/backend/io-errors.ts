import { LifelineError, isLifelineError } from '../../../kernel/errors.js';

function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function isNotFound(error: unknown): boolean {
  return errnoOf(error) === 'ENOENT';
}

/**
 * Turns a file-system failure into a LifelineError whose message names the operation and the errno
 * only: paths can reveal patient names in file shares, so they stay out of the message.
 */
export function backendError(
  operation: string,
  error: unknown,
  details: Record<string, string> = {},
): LifelineError {
  if (isLifelineError(error)) return error;
  const errno = errnoOf(error) ?? 'unknown';
  if (errno === 'ENOSPC' || errno === 'EDQUOT') {
    return new LifelineError(
      'VAULT_DISK_FULL',
      `${operation} failed: no space left`,
      { ...details, errno },
      { cause: error },
    );
  }
  return new LifelineError(
    'VAULT_BACKEND_FAILED',
    `${operation} failed (${errno})`,
    { ...details, errno, notFound: errno === 'ENOENT' },
    { cause: error },
  );
}
