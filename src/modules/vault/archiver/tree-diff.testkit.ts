import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface EntryFacts {
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  mtimeNs: bigint;
  size?: number;
  sha256?: string;
  target?: string;
  uid: number;
  gid: number;
}

/** Everything below `root` that a faithful restore must reproduce, keyed by relative path. */
export async function describeTree(root: string): Promise<Map<string, EntryFacts>> {
  const out = new Map<string, EntryFacts>();
  async function walk(dir: string, rel: string): Promise<void> {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const st = await lstat(path, { bigint: true });
      const base = {
        mode: Number(st.mode & 0o7777n),
        mtimeNs: st.mtimeNs,
        uid: Number(st.uid),
        gid: Number(st.gid),
      };
      if (st.isDirectory()) {
        out.set(relPath, { type: 'dir', ...base });
        await walk(path, relPath);
      } else if (st.isFile()) {
        const sha256 = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
        out.set(relPath, { type: 'file', ...base, size: Number(st.size), sha256 });
      } else if (st.isSymbolicLink()) {
        out.set(relPath, { type: 'symlink', ...base, mode: 0, target: await readlink(path) });
      } else {
        out.set(relPath, { type: 'other', ...base });
      }
    }
  }
  await walk(root, '');
  return out;
}

/**
 * Differences between two trees as readable lines (empty when equal). mtimes may differ by
 * `mtimeToleranceNs`: Node's utimes takes a double, which cannot carry every nanosecond.
 */
export function diffTrees(
  expected: Map<string, EntryFacts>,
  actual: Map<string, EntryFacts>,
  mtimeToleranceNs = 0n,
): string[] {
  const diffs: string[] = [];
  for (const [path, want] of expected) {
    const got = actual.get(path);
    if (!got) {
      diffs.push(`missing: ${path}`);
      continue;
    }
    for (const key of ['type', 'mode', 'size', 'sha256', 'target', 'uid', 'gid'] as const) {
      if (want[key] !== got[key]) diffs.push(`${path}: ${key} ${String(want[key])} != ${String(got[key])}`);
    }
    const delta = want.mtimeNs > got.mtimeNs ? want.mtimeNs - got.mtimeNs : got.mtimeNs - want.mtimeNs;
    if (delta > mtimeToleranceNs) diffs.push(`${path}: mtime ${want.mtimeNs} != ${got.mtimeNs}`);
  }
  for (const path of actual.keys()) if (!expected.has(path)) diffs.push(`unexpected: ${path}`);
  return diffs;
}
