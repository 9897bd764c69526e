import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../kernel/clock.js';
import { LocalBackend } from '../backend/local.js';
import { isStale, listLocks } from './lock.js';
import { Repository } from './repository.js';
import { tempDir } from './restic.testkit.js';

const FAST = { kdf: { N: 1024, r: 8, p: 1 } };

describe('repository locks', () => {
  let dir: { path: string; dispose: () => Promise<void> };
  let repo: Repository;
  beforeEach(async () => {
    dir = await tempDir('vault-lock-');
    repo = await Repository.init(new LocalBackend(join(dir.path, 'repo')), 'pw', FAST);
  });
  afterEach(() => dir.dispose());

  const ctx = () => ({
    backend: repo.backend,
    key: repo.masterKey,
    version: repo.config.version,
    compressionLevel: 3,
  });

  it('allows several shared locks and removes them on release', async () => {
    const a = await repo.lock({ settleMs: 1 });
    const b = await repo.lock({ settleMs: 1 });
    expect((await listLocks(ctx())).map((l) => l.lock.exclusive)).toEqual([false, false]);
    await a.release();
    await b.release();
    expect(await listLocks(ctx())).toEqual([]);
  });

  it('refuses a conflicting lock and names its holder', async () => {
    const shared = await repo.lock({
      settleMs: 1,
      hostname: 'ward-pc',
      pid: 4242,
      isProcessAlive: () => true,
    });
    await expect(
      repo.lock({ exclusive: true, settleMs: 1, hostname: 'other', isProcessAlive: () => true }),
    ).rejects.toMatchObject({
      code: 'VAULT_REPO_LOCKED',
      details: { hostname: 'ward-pc', pid: 4242 },
    });
    await shared.release();
    const exclusive = await repo.lock({ exclusive: true, settleMs: 1 });
    await expect(repo.lock({ settleMs: 1 })).rejects.toMatchObject({
      code: 'VAULT_REPO_LOCKED',
      details: { exclusive: true },
    });
    await exclusive.release();
    // A refused attempt leaves no lock file behind.
    expect(await listLocks(ctx())).toEqual([]);
  });

  it('ignores stale locks: too old, or from this host with a dead process', async () => {
    const clock = new ManualClock('2026-01-13T08:00:00Z');
    const old = await repo.lock({ exclusive: true, settleMs: 1, clock, hostname: 'elsewhere' });
    clock.advance(31 * 60 * 1000);
    const later = await repo.lock({ exclusive: true, settleMs: 1, clock, hostname: 'here' });
    await later.release();
    await old.release();

    const dead = await repo.lock({ exclusive: true, settleMs: 1, hostname: 'here', pid: 999_999 });
    const mine = await repo.lock({
      exclusive: true,
      settleMs: 1,
      hostname: 'here',
      isProcessAlive: (pid) => pid !== 999_999,
    });
    await mine.release();
    await dead.release();
  });

  it('refresh replaces the lock file with a newer one', async () => {
    const clock = new ManualClock('2026-01-13T08:00:00Z');
    const lock = await repo.lock({ settleMs: 1, clock });
    const first = lock.id;
    clock.advance(5 * 60 * 1000);
    await lock.refresh();
    const locks = await listLocks(ctx());
    expect(locks.map((l) => l.id)).toEqual([lock.id]);
    expect(lock.id).not.toBe(first);
    expect(locks[0]?.lock.time).toBe('2026-01-13T08:05:00.000Z');
    await lock.release();
  });

  it('applies restic staleness rules', () => {
    const base = { exclusive: false, username: 'u', uid: 0, gid: 0 };
    const now = new Date('2026-01-13T09:00:00Z');
    const alive = (): boolean => true;
    expect(isStale({ ...base, time: '2026-01-13T08:29:00Z', hostname: 'x', pid: 1 }, now, 'y', alive)).toBe(
      true,
    );
    expect(isStale({ ...base, time: '2026-01-13T08:31:00Z', hostname: 'x', pid: 1 }, now, 'y', alive)).toBe(
      false,
    );
    expect(
      isStale({ ...base, time: '2026-01-13T08:31:00Z', hostname: 'y', pid: 1 }, now, 'y', () => false),
    ).toBe(true);
    expect(isStale({ ...base, time: 'not a time', hostname: 'x', pid: 1 }, now, 'y', alive)).toBe(true);
  });
});
