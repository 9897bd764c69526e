import { readFileSync } from 'node:fs';

export type WatchMode = 'fanotify' | 'inotify';

const SYSCTL: Record<WatchMode, { name: string; file: string }> = {
  inotify: { name: 'fs.inotify.max_user_watches', file: '/proc/sys/fs/inotify/max_user_watches' },
  fanotify: { name: 'fs.fanotify.max_user_marks', file: '/proc/sys/fs/fanotify/max_user_marks' },
};

/** A sysctl value as the kernel prints it; null for anything else. */
export function parseLimit(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** The per-user watch (inotify) or mark (fanotify) limit, or null when the kernel does not say. */
export function readWatchLimit(mode: WatchMode): number | null {
  try {
    return parseLimit(readFileSync(SYSCTL[mode].file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Room asked for beyond today's directories: new folders appear while we watch, and the limit is per
 * user, shared with every other watcher the same user runs.
 */
export function headroom(directories: number): number {
  return Math.max(1000, Math.ceil(directories / 10));
}

function suggestedLimit(needed: number): number {
  let value = 524288;
  while (value < needed * 2) value *= 2;
  return value;
}

/**
 * Whether `directories` can all be watched under the kernel's limit. The problem names the sysctl, its
 * current value and a value to set. `limit` defaults to the live sysctl (tests inject one).
 */
export function watchLimits(
  directories: number,
  mode: WatchMode,
  limit: number | null = readWatchLimit(mode),
): { ok: boolean; problem?: string } {
  if (limit === null) return { ok: true };
  const needed = directories + headroom(directories);
  if (needed <= limit) return { ok: true };
  const { name } = SYSCTL[mode];
  return {
    ok: false,
    problem:
      `${directories} directories need ${name} of at least ${needed} (with room for new folders); ` +
      `it is ${limit}. Raise it: sysctl ${name}=${suggestedLimit(needed)} ` +
      `(and put "${name} = ${suggestedLimit(needed)}" in /etc/sysctl.d/ to keep it)`,
  };
}

/** The problem when the kernel refused one more watch although the count looked fine at start. */
export function limitReached(
  mode: WatchMode,
  watched: number,
  limit: number | null = readWatchLimit(mode),
): string {
  const { name } = SYSCTL[mode];
  const needed = Math.max(limit ?? 0, watched) + headroom(watched);
  return (
    `the kernel refused another watch after ${watched} directories (${name} is ${limit ?? 'unknown'}, ` +
    `shared by every watcher of this user). Raise it: sysctl ${name}=${suggestedLimit(needed)}`
  );
}
