import { defineErrorCodes } from '../../kernel/errors.js';

export const VAULT_ERRORS = defineErrorCodes({
  VAULT_REPO_NOT_FOUND: { status: 404, title: 'No backup repository at that location' },
  VAULT_REPO_EXISTS: { status: 409, title: 'A backup repository exists at that location already' },
  VAULT_WRONG_PASSWORD: { status: 401, title: 'No key of the repository opens with that password' },
  VAULT_REPO_LOCKED: { status: 423, title: 'The repository is locked by another process' },
  VAULT_REPO_UNSUPPORTED: { status: 400, title: 'The repository format is not supported' },
  VAULT_DATA_CORRUPT: { status: 500, title: 'Repository data failed its integrity check' },
  VAULT_BLOB_MISSING: { status: 500, title: 'A blob the snapshot needs is missing from the repository' },
  VAULT_SNAPSHOT_NOT_FOUND: { status: 404, title: 'No such snapshot' },
  VAULT_BACKEND_FAILED: { status: 503, title: 'The repository storage failed' },
  VAULT_SOURCE_UNREADABLE: { status: 400, title: 'A backup source cannot be read' },
  VAULT_DISK_FULL: { status: 507, title: 'The target has no space left' },
});
