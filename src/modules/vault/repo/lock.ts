import { hostname as osHostname } from 'node:os';
import { systemClock, type Clock } from '../../../kernel/clock.js';
import { LifelineError, isLifelineError } from '../../../kernel/errors.js';
import { currentUsername } from './keys.js';
import type { Id } from './types.js';
import { loadUnpacked, saveUnpacked, type UnpackedContext } from './unpacked.js';

/** A lock file's document, field for field as restic writes it. */
export interface LockInfo {
  time: string;
  exclusive: boolean;
  hostname: string;
  username: string;
  pid: number;
  uid: number;
  gid: number;
}

export interface LockOptions {
  ctx: UnpackedContext;
  exclusive?: boolean;
  clock?: Clock;
  hostname?: string;
  pid?: number;
  /** Pause between writing the lock and looking again for a rival that wrote at the same moment. */
  settleMs?: number;
  refreshMs?: number;
  staleMs?: number;
  isProcessAlive?: (pid: number) => boolean;
}

export interface LockHandle {
  readonly exclusive: boolean;
  /** Current lock file name; it changes on every refresh. */
  readonly id: Id;
  refresh(): Promise<void>;
  release(): Promise<void>;
}

const REFRESH_MS = 5 * 60 * 1000;
const STALE_MS = 30 * 60 * 1000;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** restic's rule: older than 30 minutes, or from this host with its process gone. */
export function isStale(
  lock: LockInfo,
  now: Date,
  host: string,
  alive: (pid: number) => boolean,
  staleMs = STALE_MS,
): boolean {
  const time = Date.parse(lock.time);
  if (!Number.isFinite(time) || now.getTime() - time > staleMs) return true;
  return lock.hostname === host && !alive(lock.pid);
}

function parseLock(json: Buffer): LockInfo | null {
  try {
    const v = JSON.parse(json.toString('utf8')) as Partial<LockInfo>;
    if (typeof v.time !== 'string' || typeof v.exclusive !== 'boolean' || typeof v.pid !== 'number')
      return null;
    return {
      time: v.time,
      exclusive: v.exclusive,
      hostname: String(v.hostname ?? ''),
      username: String(v.username ?? ''),
      pid: v.pid,
      uid: Number(v.uid ?? 0),
      gid: Number(v.gid ?? 0),
    };
  } catch {
    return null;
  }
}

/** Every lock in the repository; unreadable ones are skipped, since they cannot name a live holder. */
export async function listLocks(ctx: UnpackedContext): Promise<{ id: Id; lock: LockInfo }[]> {
  const out: { id: Id; lock: LockInfo }[] = [];
  for await (const info of ctx.backend.list('lock')) {
    try {
      const lock = parseLock(await loadUnpacked(ctx, 'lock', info.name));
      if (lock) out.push({ id: info.name, lock });
    } catch (error) {
      const vanished = isLifelineError(error) && error.details.notFound === true;
      if (!vanished && !(isLifelineError(error) && error.code === 'VAULT_DATA_CORRUPT')) throw error;
    }
  }
  return out;
}

/**
 * Takes a shared or exclusive lock compatible with restic: check, write, wait, check again. The lock is
 * rewritten every five minutes so that others do not consider it stale while work continues.
 */
export async function acquireLock(options: LockOptions): Promise<LockHandle> {
  const { ctx } = options;
  const clock = options.clock ?? systemClock;
  const host = options.hostname ?? osHostname();
  const alive = options.isProcessAlive ?? processAlive;
  const exclusive = options.exclusive ?? false;
  const staleMs = options.staleMs ?? STALE_MS;

  const checkConflicts = async (own: Id | null): Promise<void> => {
    for (const { id, lock } of await listLocks(ctx)) {
      if (id === own) continue;
      if (lock.hostname === host && !alive(lock.pid)) {
        // Left by a process on this machine that was killed or lost power: it protects nothing, and
        // restic refuses to check or prune while any lock file exists, so it goes.
        await ctx.backend.remove('lock', id).catch(() => undefined);
        continue;
      }
      if (!(exclusive || lock.exclusive) || isStale(lock, clock.now(), host, alive, staleMs)) continue;
      throw new LifelineError(
        'VAULT_REPO_LOCKED',
        `repository is locked${lock.exclusive ? ' exclusively' : ''} by pid ${lock.pid} on ${lock.hostname} since ${lock.time}`,
        { hostname: lock.hostname, pid: lock.pid, time: lock.time, exclusive: lock.exclusive },
      );
    }
  };
  const write = (): Promise<Id> => {
    const doc: LockInfo = {
      time: clock.now().toISOString(),
      exclusive,
      hostname: host,
      username: currentUsername(),
      pid: options.pid ?? process.pid,
      uid: process.getuid?.() ?? 0,
      gid: process.getgid?.() ?? 0,
    };
    return saveUnpacked(ctx, 'lock', Buffer.from(JSON.stringify(doc)));
  };

  await checkConflicts(null);
  let current = await write();
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 200));
  try {
    await checkConflicts(current);
  } catch (error) {
    await ctx.backend.remove('lock', current).catch(() => undefined);
    throw error;
  }

  let released = false;
  const refresh = async (): Promise<void> => {
    if (released) return;
    const next = await write();
    const old = current;
    current = next;
    await ctx.backend.remove('lock', old).catch(() => undefined);
  };
  const timer = setInterval(() => void refresh().catch(() => undefined), options.refreshMs ?? REFRESH_MS);
  timer.unref();

  return {
    exclusive,
    get id() {
      return current;
    },
    refresh,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await ctx.backend.remove('lock', current).catch((error: unknown) => {
        if (!(isLifelineError(error) && error.details.notFound === true)) throw error;
      });
    },
  };
}
