import { lstatSync, readdirSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';

import type { FileActivity, WatchCoverage } from '../types.js';
import { LifelineError } from '../../../kernel/errors.js';
import { limitReached, watchLimits } from './limits.js';
import { notifyAll, type SentinelShareWatcher, type WatchProblem } from './problems.js';
import { assertDirectories, listDirectories, normaliseRoots } from './tree.js';

type Raw = { path: string; isDir: boolean; exists: boolean };

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * The fallback when fanotify is not available: one non-recursive fs.watch (inotify) per directory.
 * It reports after the fact, cannot tell who wrote (pid null) and has no guard; the engine finds the
 * writer with findOpeners. A move shows up as a disappearance followed at once by an appearance,
 * which is paired into one rename.
 */
export class InotifyWatcher implements SentinelShareWatcher {
  readonly mode = 'inotify' as const;
  private readonly roots: string[];
  private readonly watchers = new Map<string, FSWatcher>();
  private state: 'new' | 'starting' | 'started' | 'closed' = 'new';
  private gone: Raw | null = null;
  private readonly activityListeners: ((activity: FileActivity) => void)[] = [];
  private readonly problemListeners: ((problem: WatchProblem) => void)[] = [];

  constructor(
    roots: readonly string[],
    private readonly limit?: number,
  ) {
    this.roots = normaliseRoots(roots);
  }

  async start(): Promise<WatchCoverage> {
    if (this.state !== 'new')
      throw new LifelineError('SENTINEL_WATCHER_STATE', 'The watcher was already started');
    this.state = 'starting';
    await assertDirectories(this.roots);
    const directories = await listDirectories(this.roots);
    const base = { mode: this.mode, roots: this.roots, directories: directories.length };
    const limits = watchLimits(directories.length, 'inotify', this.limit);
    const failure = limits.ok ? this.watchAll(directories) : (limits.problem ?? '');
    if (failure || this.state !== 'starting') {
      this.closeWatchers();
      this.state = 'closed';
      return { ...base, complete: false, problem: failure || 'the watcher was closed' };
    }
    this.state = 'started';
    return { ...base, complete: true };
  }

  /** Returns a problem when a directory cannot be watched (other than one that vanished meanwhile). */
  private watchAll(directories: readonly string[]): string {
    for (const dir of directories) {
      const problem = this.watchDirectory(dir);
      if (problem) return problem;
    }
    return '';
  }

  private watchDirectory(dir: string): string {
    if (this.watchers.has(dir)) return '';
    try {
      const watcher = watch(dir, { persistent: true }, (type, name) => {
        if (name) this.raw(dir, type, name);
      });
      watcher.on('error', () => this.unwatch(dir));
      this.watchers.set(dir, watcher);
      return '';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return '';
      if (code === 'ENOSPC') return limitReached('inotify', this.watchers.size);
      return `cannot watch ${dir}: ${code ?? (error as Error).message}`;
    }
  }

  private unwatch(prefix: string): void {
    for (const [dir, watcher] of this.watchers) {
      if (under(dir, prefix)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
  }

  private raw(dir: string, type: string, name: string): void {
    if (this.state === 'closed') return;
    const path = join(dir, name);
    const info = lstatIfAny(path);
    // The watched directory's own deletion or move arrives named after itself; its parent reports it.
    if (!info && name === basename(dir) && !lstatIfAny(dir)) return;
    const event: Raw = {
      path,
      isDir: info ? info.isDirectory() : this.watchers.has(path),
      exists: info !== null,
    };
    const pending = this.gone;
    this.gone = null;
    if (pending && type === 'rename' && event.exists) return this.renamed(pending, event);
    if (pending) this.removed(pending);
    if (type === 'change') {
      if (event.exists && !event.isDir) this.emit({ kind: 'write', path, isDir: false });
    } else if (event.exists) {
      this.created(event);
    } else {
      // Hold it: an appearance right behind it makes it one rename.
      this.gone = event;
      setImmediate(() => {
        if (this.gone !== event) return;
        this.gone = null;
        this.removed(event);
      });
    }
  }

  private renamed(from: Raw, to: Raw): void {
    if (to.isDir) {
      this.unwatch(from.path);
      this.watchTree(to.path, false);
    }
    this.emit({ kind: 'rename', path: to.path, oldPath: from.path, isDir: to.isDir });
  }

  private removed(event: Raw): void {
    if (event.isDir) this.unwatch(event.path);
    this.emit({ kind: 'delete', path: event.path, isDir: event.isDir });
  }

  private created(event: Raw): void {
    this.emit({ kind: 'create', path: event.path, isDir: event.isDir });
    if (event.isDir) this.watchTree(event.path, true);
  }

  /** Watches a directory that appeared and, when asked, reports what it already holds. */
  private watchTree(root: string, reportEntries: boolean): void {
    const todo = [root];
    for (let dir = todo.pop(); dir !== undefined; dir = todo.pop()) {
      const problem = this.watchDirectory(dir);
      if (problem) notifyAll(this.problemListeners, { kind: 'unwatched', detail: problem, at: Date.now() });
      let entries: Dirent[] = [];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (reportEntries) this.emit({ kind: 'create', path, isDir: entry.isDirectory() });
        if (entry.isDirectory()) todo.push(path);
      }
    }
  }

  private emit(activity: Omit<FileActivity, 'pid' | 'at'>): void {
    notifyAll(this.activityListeners, { ...activity, pid: null, at: Date.now() });
  }

  onActivity(listener: (activity: FileActivity) => void): void {
    this.activityListeners.push(listener);
  }

  onProblem(listener: (problem: WatchProblem) => void): void {
    this.problemListeners.push(listener);
  }

  /** inotify has no guard: canaries are judged by the analysis once the change is reported. */
  setCanaries(_paths: readonly string[]): void {}

  setTrustedExecutables(_paths: readonly string[]): void {}

  setGuard(_enabled: boolean): void {}

  async close(): Promise<void> {
    this.state = 'closed';
    this.gone = null;
    this.closeWatchers();
  }

  private closeWatchers(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

function lstatIfAny(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
