import { posix } from 'node:path';

/**
 * How the backup paths appear in the snapshot tree. Like restic, every path is made absolute and
 * its parent directories become intermediate tree nodes from the root down, so `restic restore
 * --target t` of a backup of /srv/records yields t/srv/records. Intermediate directories take their
 * metadata from the real directory (`infoPath`) but only the backed-up child is included.
 */
export interface LayoutDir {
  /** Filesystem directory whose metadata the intermediate node gets. */
  infoPath: string;
  children: Map<string, LayoutEntry>;
}

export type LayoutEntry = { kind: 'source'; path: string } | { kind: 'dir'; dir: LayoutDir };

/** Absolute, normalised paths with duplicates and paths inside other paths removed. */
export function normaliseSources(paths: readonly string[], cwd: string): string[] {
  const abs = [...new Set(paths.map((p) => posix.resolve(cwd, p)))].sort();
  return abs.filter((p) => !abs.some((other) => other !== p && (other === '/' || p.startsWith(`${other}/`))));
}

/**
 * The root layout. A backup of "/" itself is represented by `rootSource`: the root tree is then the
 * listing of "/" rather than a set of intermediate nodes.
 */
export function buildLayout(sources: readonly string[]): { root: LayoutDir; rootSource: boolean } {
  const root: LayoutDir = { infoPath: '/', children: new Map() };
  if (sources.includes('/')) return { root, rootSource: true };
  for (const source of sources) {
    const comps = source.split('/').filter((c) => c !== '');
    let dir = root;
    comps.forEach((comp, i) => {
      if (i === comps.length - 1) {
        dir.children.set(comp, { kind: 'source', path: source });
        return;
      }
      const existing = dir.children.get(comp);
      if (existing?.kind === 'dir') {
        dir = existing.dir;
        return;
      }
      const next: LayoutDir = { infoPath: `/${comps.slice(0, i + 1).join('/')}`, children: new Map() };
      dir.children.set(comp, { kind: 'dir', dir: next });
      dir = next;
    });
  }
  return { root, rootSource: false };
}
