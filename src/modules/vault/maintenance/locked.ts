import type { Repository } from '../repo/repository.js';

/** Runs `work` under an exclusive lock, as restic does for forget and prune; always releases it. */
export async function withExclusiveLock<T>(repository: Repository, work: () => Promise<T>): Promise<T> {
  const lock = await repository.lock({ exclusive: true });
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
