import { LifelineError, isLifelineError } from '../../../kernel/errors.js';

/** SFTP status codes (draft-ietf-secsh-filexfer-02), named the way operators know them from errno. */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'EOF',
  2: 'ENOENT',
  3: 'EACCES',
  4: 'FAILURE',
  5: 'BAD_MESSAGE',
  6: 'NO_CONNECTION',
  7: 'CONNECTION_LOST',
  8: 'UNSUPPORTED',
};

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

export function isMissing(error: unknown): boolean {
  return statusOf(error) === 2;
}

/**
 * Turns an SFTP failure into a LifelineError naming the operation and the status only: the server's
 * message may quote paths, and paths in a file share can carry patient names.
 */
export function sftpError(operation: string, error: unknown): LifelineError {
  if (isLifelineError(error)) return error;
  const status = statusOf(error);
  const reason = status === undefined ? 'connection lost' : (STATUS_NAMES[status] ?? `status ${status}`);
  return new LifelineError(
    'VAULT_BACKEND_FAILED',
    `${operation} failed (${reason})`,
    { errno: reason, notFound: status === 2 },
    { cause: error },
  );
}
