import { join } from 'node:path';
import { backupWithLock, initRepository } from '../../../vault/index.js';
import type { Workload } from './context.js';

/** A Lifeline vault backup of the share folder into a repository outside the share: reads only. */
export const vaultBackup: Workload = async ({ tree, outside }) => {
  const repo = join(outside, 'vault');
  const repository = await initRepository(
    { repo, password: 'benign workload' },
    { kdf: { N: 1024, r: 8, p: 1 } },
  );
  const result = await backupWithLock(repository, { paths: [tree], parentSnapshot: null });
  return { outputs: [join(repo, 'snapshots', result.snapshotId)] };
};
