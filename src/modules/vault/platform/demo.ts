import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VaultJobs, Who } from './jobs.js';

export interface VaultDemoOptions {
  /** Where the demo repository and its password file live (beside the demo database). */
  dir: string;
  /** What the demo job backs up. */
  sources: string[];
  who: Who;
}

/**
 * The demo hospital's backups: a repository, a nightly job with retention, and one run made now, so
 * the Backups page shows a real snapshot from the first start. The password is random and kept in
 * a file only the service account can read, as a real deployment would.
 */
export async function seedVaultDemo(jobs: VaultJobs, options: VaultDemoOptions): Promise<void> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const passwordFile = join(options.dir, 'password');
  const location = join(options.dir, 'repository');
  if (!existsSync(passwordFile)) {
    await writeFile(passwordFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const repository = await jobs.addRepository(
    {
      name: 'Demo hospital documents',
      location,
      passwordFile,
      create: !existsSync(join(location, 'config')),
    },
    options.who,
  );
  const job = await jobs.addJob(
    {
      name: 'Nightly: demo hospital documents',
      repositoryId: repository.id,
      sources: options.sources,
      excludes: [],
      tags: ['demo'],
      schedule: '0 2 * * *',
      retention: { keepDaily: 7, keepWeekly: 4, keepMonthly: 6 },
      enabled: true,
    },
    options.who,
  );
  await jobs.run(job.id, 'manual', options.who);
}
