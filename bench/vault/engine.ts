/**
 * In-process backup and restore throughput, without CLI start-up: `npx tsx bench/vault/engine.ts <dir> [workers...]`.
 * Backs `<dir>` up into a fresh repository once per worker count (0 = everything on the main thread)
 * and restores it, printing MB/s for each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The benchmark drives the engine below the CLI.
// eslint-disable-next-line no-restricted-imports
import { backupWithLock, initRepository, restoreWithLock } from '../../src/modules/vault/service.js';

const [source, ...counts] = process.argv.slice(2);
if (!source) throw new Error('usage: engine.ts <dir> [workers...]');
for (const workers of (counts.length ? counts : ['0', '2']).map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'vault-engine-'));
  try {
    const repo = await initRepository(
      { repo: join(dir, 'repo'), password: 'x' },
      { workers, kdf: { N: 1024, r: 8, p: 1 } },
    );
    let t = performance.now();
    const { stats } = await backupWithLock(repo, { paths: [source], parentSnapshot: null });
    const backupS = (performance.now() - t) / 1000;
    t = performance.now();
    await restoreWithLock(repo, 'latest', { target: join(dir, 'out') });
    const restoreS = (performance.now() - t) / 1000;
    const mb = stats.bytesRead / 1e6;
    console.log(
      `workers ${workers}: backup ${(mb / backupS).toFixed(0)} MB/s (${backupS.toFixed(2)} s), ` +
        `restore ${(mb / restoreS).toFixed(0)} MB/s (${restoreS.toFixed(2)} s)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
