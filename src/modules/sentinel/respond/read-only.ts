import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { promisify } from 'node:util';

import type { ActionOutcome } from '../types.js';
import type { StopAction } from './context.js';
import {
  isReadOnly,
  mountHolding,
  readMounts,
  selfBindRoot,
  topMountAt,
  type MountEntry,
} from './mountinfo.js';
import { delay, outcome } from './outcome.js';
import { serialiser } from './serial.js';

const run = promisify(execFile);

/**
 * What this process did to make a share read-only, by share path, so undo reverses exactly that:
 * remounted the share's own mount (`bind`: only that mount's flag, not its file system's), or laid a
 * read-only bind of the share over itself. `mountId` is the mount it was done to.
 */
type Laid = { kind: 'remount'; mountId: number; bind: boolean } | { kind: 'bind'; mountId: number };
const laid = new Map<string, Laid>();

/** One change per share at a time: concurrent detections never stack two binds. */
const perShare = serialiser();

/** A remount to read-only fails with "busy" while a write is in progress on the mount. */
const BUSY_ATTEMPTS = 10;

function notRoot(): boolean {
  return process.getuid?.() !== 0;
}

async function mount(command: 'mount' | 'umount', args: string[]): Promise<string | null> {
  try {
    await run(command, args, { timeout: 10_000 });
    return null;
  } catch (error) {
    const { stderr, code } = error as { stderr?: string; code?: string | number };
    return (
      (stderr ?? '').trim().split('\n').at(-1)?.slice(0, 200) || `${command} failed (${code ?? 'unknown'})`
    );
  }
}

async function remount(share: string, options: string): Promise<string | null> {
  let failed = await mount('mount', ['-o', options, share]);
  for (let i = 1; i < BUSY_ATTEMPTS && failed !== null && /busy/i.test(failed); i++) {
    await delay(50);
    failed = await mount('mount', ['-o', options, share]);
  }
  return failed;
}

/**
 * The share is a mount point of its own (the usual file-server share): its mount is remounted
 * read-only, which holds for every process, including one whose working directory or open directory
 * is already inside. A whole file system mounted there (root `/`) is remounted as a file system; a
 * bind of a directory only by its mount flag, so the file system it comes from stays writable
 * elsewhere. Null when it worked, else why not.
 */
async function remountShare(share: string, top: MountEntry): Promise<string | null> {
  const bind = top.root !== '/';
  const failed = await remount(share, bind ? 'remount,bind,ro' : 'remount,ro');
  if (failed) return failed;
  const now = topMountAt(await readMounts(), share);
  if (now?.id !== top.id || !isReadOnly(now)) return 'the mount is still writable after the remount';
  laid.set(share, { kind: 'remount', mountId: top.id, bind });
  return null;
}

/** Bind-mounts the share onto itself and makes that bind read-only. */
async function bindReadOnly(share: string, why: string): Promise<ActionOutcome> {
  const bound = await mount('mount', ['--bind', share, share]);
  if (bound) return outcome('read-only', false, `bind mount of ${share} failed: ${bound}`);
  const bind = topMountAt(await readMounts(), share);
  if (bind) laid.set(share, { kind: 'bind', mountId: bind.id });
  const remounted = await remount(share, 'remount,bind,ro');
  const now = topMountAt(await readMounts(), share);
  if (remounted || !now || !isReadOnly(now)) {
    await mount('umount', [share]);
    laid.delete(share);
    return outcome(
      'read-only',
      false,
      `read-only remount of ${share} failed: ${remounted ?? 'still writable'}`,
    );
  }
  return outcome(
    'read-only',
    true,
    `${share} is read-only for paths opened from now on (bind mount ${now.id}, ${why}); processes ` +
      'already inside the share (a working directory or open directory there) keep write access, ' +
      'so the writer itself must be suspended or killed',
  );
}

async function makeReadOnly(share: string): Promise<ActionOutcome> {
  const mounts = await readMounts();
  const holding = mountHolding(mounts, share);
  if (holding && isReadOnly(holding)) return outcome('read-only', true, `${share} is already read-only`);
  const top = topMountAt(mounts, share);
  if (!top) return bindReadOnly(share, 'the share is not a mount of its own');
  const failed = await remountShare(share, top);
  if (!failed) {
    return outcome(
      'read-only',
      true,
      `${share} is read-only (its mount ${top.id} remounted read-only, for every process)`,
    );
  }
  return bindReadOnly(share, `its own mount could not be remounted read-only: ${failed}`);
}

/**
 * Makes the share read-only for everyone, including the encryptor; writers get EROFS, open files
 * stay readable. Needs root (CAP_SYS_ADMIN). A file held open for writing keeps the share's own mount
 * from being remounted read-only; then the bind mount is the fallback, and the outcome says so.
 */
export function readOnlyAction(): StopAction {
  return {
    kind: 'read-only',
    async run(context) {
      if (notRoot()) return outcome('read-only', false, 'making a share read-only needs root');
      const share = await realpath(context.share).catch(() => null);
      if (share === null) return outcome('read-only', false, `the share ${context.share} does not exist`);
      return perShare(share, () => makeReadOnly(share));
    },
  };
}

/**
 * A read-only bind of the share onto itself, laid by an earlier run of the service: the top mount at
 * the share shows the very directory (same device, same root) the writable mount beneath shows there.
 * An administrator's read-only bind of another directory has another root and is left alone.
 */
function isSelfBind(mounts: MountEntry[], share: string, top: MountEntry): boolean {
  const beneath = mountHolding(
    mounts.filter((m) => m.id !== top.id),
    share,
  );
  return (
    isReadOnly(top) &&
    beneath !== undefined &&
    !isReadOnly(beneath) &&
    beneath.device === top.device &&
    top.root === selfBindRoot(beneath, share)
  );
}

async function undo(path: string, what: Laid | 'earlier-bind'): Promise<ActionOutcome> {
  const failed =
    what !== 'earlier-bind' && what.kind === 'remount'
      ? await mount('mount', ['-o', what.bind ? 'remount,bind,rw' : 'remount,rw', path])
      : await mount('umount', [path]);
  if (failed) return outcome('read-only', false, `making ${path} writable failed: ${failed}`);
  laid.delete(path);
  const after = mountHolding(await readMounts(), path);
  return after && !isReadOnly(after)
    ? outcome('read-only', true, `${path} is writable again`)
    : outcome('read-only', false, `${path} is still read-only after the sentinel's change was undone`);
}

/** Undoes what readOnlyAction did to the share, and only that; anything else is left alone. */
export async function makeWritable(share: string): Promise<ActionOutcome> {
  if (notRoot()) return outcome('read-only', false, 'making a share writable again needs root');
  const path = await realpath(share).catch(() => null);
  if (path === null) return outcome('read-only', false, `the share ${share} does not exist`);
  return perShare(path, async () => {
    const mounts = await readMounts();
    const top = topMountAt(mounts, path);
    const ours = laid.get(path);
    if (top && ours?.mountId === top.id) return undo(path, ours);
    if (top && isSelfBind(mounts, path, top)) return undo(path, 'earlier-bind');
    const holding = mountHolding(mounts, path);
    return holding && isReadOnly(holding)
      ? outcome('read-only', false, `${path} is read-only, but not by the sentinel; left as it is`)
      : outcome('read-only', true, `${path} is writable`);
  });
}
