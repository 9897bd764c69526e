import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../src/cli/cli.testkit.js';
import {
  LocalBackend,
  Repository,
  checkRepository,
  restore,
  type CheckReport,
} from '../src/modules/vault/index.js';
import { startBackupChild, type ChildEnv } from './vault-faults/child.js';
// eslint-disable-next-line no-restricted-imports -- test kits are not part of the module's public index
import { hasRestic, restic } from '../src/modules/vault/repo/restic.testkit.js';
import { createSourceTree, mutateSourceTree, readTree, seededRandom } from './vault-faults/source-tree.js';

const PASSWORD = 'night-shift-vault';
const FAST_KDF = { N: 1024, r: 8, p: 1 };
const RUNS = 50;
/** Small packs: a backup writes dozens of them, so kills land between and inside pack writes. */
const PACK_SIZE = 32 * 1024;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vault-faults-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STORED_NAME = /^[0-9a-f]{64}$/;

/** Files in storage of one kind (temp files from interrupted writes do not count). */
function stored(repo: string, dir: 'locks' | 'index' | 'snapshots'): string[] {
  return readdirSync(join(repo, dir)).filter((name) => STORED_NAME.test(name));
}

function storedPacks(repo: string): number {
  return readdirSync(join(repo, 'data')).reduce(
    (sum, sub) => sum + readdirSync(join(repo, 'data', sub)).filter((n) => STORED_NAME.test(n)).length,
    0,
  );
}

function tempFiles(repo: string): number {
  const dirs = ['locks', 'index', 'snapshots', ...readdirSync(join(repo, 'data')).map((d) => `data/${d}`)];
  return dirs.reduce(
    (sum, d) => sum + readdirSync(join(repo, d)).filter((n) => n.startsWith('.tmp-')).length,
    0,
  );
}

/** How far a run got, from what it left in storage. */
function phaseReached(repo: string, before: { packs: number; index: number; snapshots: number }): string {
  if (stored(repo, 'snapshots').length > before.snapshots) return 'snapshot';
  if (stored(repo, 'index').length > before.index) return 'index';
  return storedPacks(repo) > before.packs ? 'packs' : 'start';
}

/**
 * What an operator runs after a crash: open afresh, take an exclusive lock (as prune would, so a
 * killed backup's lock must count as stale) and check. The lock must be gone afterwards.
 */
async function checkAfterCrash(repoPath: string, readData: boolean): Promise<CheckReport> {
  const repository = await Repository.open(new LocalBackend(repoPath), PASSWORD);
  const lock = await repository.lock({ exclusive: true, settleMs: 1 });
  try {
    return await checkRepository(repository, { readData });
  } finally {
    await lock.release();
  }
}

describe('vault backups killed with SIGKILL at random moments', () => {
  it(`leave a repository that checks clean and takes the next backup (${RUNS} kills)`, async () => {
    const repoPath = join(dir, 'repo');
    const tree = createSourceTree(join(dir, 'source'), 7);
    await Repository.init(new LocalBackend(repoPath), PASSWORD, { kdf: FAST_KDF });
    const env: ChildEnv = { repo: repoPath, password: PASSWORD, source: tree.root, packSize: PACK_SIZE };

    // Calibration: how long a typical run (most files changed) takes here, and how many files it saves.
    const first = await startBackupChild(env).run();
    expect(first.completed, first.stderr).toBe(true);
    mutateSourceTree(tree, 1_000);
    const calibration = await startBackupChild(env).run();
    expect(calibration.completed, calibration.stderr).toBe(true);

    const random = seededRandom(42);
    // The next child loads while the last run is checked: start-up costs no test time.
    let next = startBackupChild(env);
    const phases = new Map<string, number>();
    const timing = { run: 0, inside: 0, check: 0 };
    let leftovers = 0;
    for (let run = 0; run < RUNS; run++) {
      mutateSourceTree(tree, run + 1);
      const before = {
        packs: storedPacks(repoPath),
        index: stored(repoPath, 'index').length,
        snapshots: stored(repoPath, 'snapshots').length,
      };
      const temps = tempFiles(repoPath);
      // Half the kills fall anywhere in the measured run time; the other half a few milliseconds
      // after a chosen save (lock, any pack, index, snapshot), so that every stage of the write
      // order is hit however fast or loaded the machine is.
      const plan =
        run % 2 === 0
          ? { afterSaves: 0, afterMs: random() * calibration.runMs * 1.2 }
          : { afterSaves: Math.floor(random() * (calibration.saves + 1)), afterMs: random() * 25 };
      const t0 = performance.now();
      const outcome = await next.run(plan);
      timing.run += performance.now() - t0;
      timing.inside += outcome.runMs;
      next = startBackupChild(env);
      if (!outcome.completed && !outcome.killed)
        throw new Error(`backup failed without a kill: ${outcome.stderr}`);
      const phase = outcome.completed ? 'completed' : phaseReached(repoPath, before);
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
      leftovers += tempFiles(repoPath) - temps;

      const t1 = performance.now();
      const readData = run % 10 === 9;
      const report = await checkAfterCrash(repoPath, readData);
      expect(report.errors, `run ${run}`).toEqual([]);
      expect(report.ok).toBe(true);
      expect(stored(repoPath, 'locks'), `run ${run}: stale lock left behind`).toEqual([]);
      timing.check += performance.now() - t1;
      if (readData && hasRestic) {
        const checked = await restic(repoPath, PASSWORD, ['check'], dir);
        expect(checked.code, checked.stderr).toBe(0);
      }
    }
    // Enough runs must really have died while writing (packs, index or snapshot), or the test proves
    // little. A fifth: backups read several files at once and finish quickly, so many kills land
    // before the first pack or after the end, however the plan is drawn.
    const writing = ['packs', 'index', 'snapshot'].reduce((sum, phase) => sum + (phases.get(phase) ?? 0), 0);
    expect(writing, JSON.stringify([...phases])).toBeGreaterThanOrEqual(RUNS * 0.2);
    if (process.env.VAULT_FAULTS_VERBOSE === '1')
      console.log({ phases: Object.fromEntries(phases), tempFilesLeft: leftovers, timing });

    mutateSourceTree(tree, 9_999);
    const last = await next.run();
    expect(last.completed, last.stderr).toBe(true);

    const cli = cliHarness({ LIFELINE_VAULT_PASSWORD: PASSWORD });
    try {
      const checked = await cli.run(['vault', '--repo', repoPath, 'check', '--read-data']);
      expect(checked.stderr).toBe('');
      expect(checked).toMatchObject({ code: 0 });
      expect(checked.stdout).toContain('no errors were found');
    } finally {
      cli.close();
    }

    const repository = await Repository.open(new LocalBackend(repoPath), PASSWORD);
    const target = join(dir, 'restored');
    const restored = await restore(repository, 'latest', { target });
    expect(restored.errors).toEqual([]);
    const back = readTree(join(target, tree.root));
    const original = readTree(tree.root);
    expect([...back.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [path, bytes] of original) expect(back.get(path)?.equals(bytes), path).toBe(true);

    if (hasRestic) {
      const checked = await restic(repoPath, PASSWORD, ['check', '--read-data'], dir);
      expect(checked.code, checked.stderr).toBe(0);
    }
  }, 240_000);
});
