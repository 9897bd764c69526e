import { readFile } from 'node:fs/promises';

/** One line of /proc/self/mountinfo (proc(5)): what is mounted where, in stacking order. */
export interface MountEntry {
  id: number;
  parentId: number;
  device: string;
  /** The directory of the source filesystem that appears at the mount point (not `/` for a bind). */
  root: string;
  mountPoint: string;
  options: string[];
  fsType: string;
  source: string;
  /** The file system's own options (the superblock): `ro` here holds for every mount of it. */
  superOptions: string[];
}

/** mountinfo escapes space, tab, newline and backslash as three-digit octal. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    if (separator === -1 || fields.length < separator + 3) continue;
    const [id, parentId, device, root, mountPoint, options] = fields;
    if (!/^\d+$/.test(id ?? '') || !/^\d+$/.test(parentId ?? '') || !/^\d+:\d+$/.test(device ?? '')) continue;
    entries.push({
      id: Number(id),
      parentId: Number(parentId),
      device: device as string,
      root: unescape(root ?? ''),
      mountPoint: unescape(mountPoint ?? ''),
      options: (options ?? '').split(','),
      fsType: fields[separator + 1] ?? '',
      source: unescape(fields[separator + 2] ?? ''),
      superOptions: (fields[separator + 3] ?? '').split(','),
    });
  }
  return entries;
}

export async function readMounts(): Promise<MountEntry[]> {
  return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
}

/** The mount visible at `path` exactly (the last one stacked there), if `path` is a mount point. */
export function topMountAt(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  return mounts.filter((mount) => mount.mountPoint === path).at(-1);
}

/** The mount that holds `path`: the longest mount point that is `path` or one of its parents. */
export function mountHolding(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const mount of mounts) {
    const prefix = mount.mountPoint === '/' ? '/' : `${mount.mountPoint}/`;
    if (mount.mountPoint !== path && !path.startsWith(prefix)) continue;
    if (!best || mount.mountPoint.length >= best.mountPoint.length) best = mount;
  }
  return best;
}

/** Read-only by the mount's own flag or by its file system's (a superblock remounted `ro`). */
export const isReadOnly = (mount: MountEntry): boolean =>
  mount.options.includes('ro') || mount.superOptions.includes('ro');

/**
 * The `root` a bind of `path` onto itself shows: the directory of the file system that `beneath`
 * (the mount holding `path`) presents at `path`. A bind of any other directory has another root.
 */
export function selfBindRoot(beneath: MountEntry, path: string): string {
  const rest = beneath.mountPoint === '/' ? path.slice(1) : path.slice(beneath.mountPoint.length + 1);
  if (rest === '') return beneath.root;
  return beneath.root === '/' ? `/${rest}` : `${beneath.root}/${rest}`;
}
