/**
 * A share in a temporary folder with an analyzer watching it: each helper changes the files for
 * real and then reports the change as a watcher would. Test-only.
 */
import { lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tempDir, writeFile } from '../fingerprint/fixtures.testkit.js';
import type { FileActivity } from '../types.js';
import { ActivityAnalyzer, type AnalyzerOptions } from './analyzer.js';
import type { Verdict } from './writer-state.js';

export interface Scene {
  root: string;
  analyzer: ActivityAnalyzer;
  canaries: Set<string>;
  /** Writer key → group key, passed with each change of that writer. */
  groups: Map<string, string>;
  /** The test's clock, in ms; advance it with `tick`. */
  clock: { now: number };
  tick(ms: number): void;
  path(name: string): string;
  /** Writes (creating when new) and reports it. */
  write(name: string, content: string | Uint8Array, writer?: string): Verdict;
  rename(from: string, to: string, writer?: string): Verdict;
  remove(name: string, writer?: string): Verdict;
  report(
    activity: Omit<FileActivity, 'at' | 'isDir' | 'pid'> & { isDir?: boolean },
    writer?: string,
    executable?: string | null,
  ): Verdict;
  /** Runs `change` and reports what it did to the tree, as a watcher would have seen it. */
  replay(change: () => void, writer?: string): Verdict;
  dispose(): void;
}

const DEFAULT_WRITER = 'pid:4242';

interface Entry {
  ino: number;
  mtimeMs: number;
  size: number;
}

function snapshot(root: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const info = lstatSync(path);
        entries.set(path, { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size });
      }
    }
  };
  walk(root);
  return entries;
}

export function createScene(label: string, options: Partial<AnalyzerOptions> = {}): Scene {
  const dir = tempDir(label);
  const canaries = new Set<string>();
  const groups = new Map<string, string>();
  const clock = { now: 1_800_000_000_000 };
  const analyzer = new ActivityAnalyzer({
    isCanary: (path) => canaries.has(path),
    now: () => clock.now,
    ...options,
  });
  const path = (name: string): string => (name.startsWith('/') ? name : join(dir.path, name));
  const report: Scene['report'] = (activity, writer = DEFAULT_WRITER, executable = null) => {
    clock.now += 1;
    const group = groups.get(writer);
    return analyzer.analyze(
      { isDir: false, pid: Number(writer.replace(/\D/g, '')) || null, at: clock.now, ...activity },
      { key: writer, executable, ...(group === undefined ? {} : { group }) },
    );
  };
  return {
    root: dir.path,
    analyzer,
    canaries,
    groups,
    clock,
    tick: (ms) => {
      clock.now += ms;
    },
    path,
    write(name, content, writer) {
      const target = path(name);
      let existed = true;
      try {
        lstatSync(target);
      } catch {
        existed = false;
      }
      writeFile(target, content);
      if (!existed) report({ kind: 'create', path: target }, writer);
      return report({ kind: 'write', path: target }, writer);
    },
    rename(from, to, writer) {
      renameSync(path(from), path(to));
      return report({ kind: 'rename', oldPath: path(from), path: path(to) }, writer);
    },
    remove(name, writer) {
      rmSync(path(name));
      return report({ kind: 'delete', path: path(name) }, writer);
    },
    report,
    replay(change, writer) {
      const before = snapshot(dir.path);
      change();
      const after = snapshot(dir.path);
      const byInode = new Map([...before].map(([file, entry]) => [entry.ino, file]));
      let verdict = analyzer.verdict(writer ?? DEFAULT_WRITER);
      for (const [file, entry] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
        const previous = before.get(file);
        const movedFrom = byInode.get(entry.ino);
        if (previous && previous.ino === entry.ino) {
          if (previous.mtimeMs !== entry.mtimeMs || previous.size !== entry.size)
            verdict = report({ kind: 'write', path: file }, writer);
        } else if (movedFrom !== undefined && movedFrom !== file && !after.has(movedFrom)) {
          verdict = report({ kind: 'rename', oldPath: movedFrom, path: file }, writer);
        } else {
          if (!previous) report({ kind: 'create', path: file }, writer);
          verdict = report({ kind: 'write', path: file }, writer);
        }
      }
      const movedAway = new Set([...after.values()].map((entry) => byInode.get(entry.ino)));
      for (const file of before.keys()) {
        if (!after.has(file) && !movedAway.has(file))
          verdict = report({ kind: 'delete', path: file }, writer);
      }
      return verdict;
    },
    dispose: () => dir.remove(),
  };
}

/** Writes files straight to disk (no report), for the baseline to find. */
export function seed(scene: Scene, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) writeFile(scene.path(name), content);
}

export function relativeFiles(scene: Scene, verdict: Verdict): string[] {
  return verdict.files.map((file) => relative(scene.root, file));
}
