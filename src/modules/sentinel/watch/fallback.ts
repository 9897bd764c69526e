import type { FileActivity, WatchCoverage } from '../types.js';
import type { FanotifyWatcher } from './fanotify.js';
import { notifyAll, type SentinelShareWatcher, type WatchProblem } from './problems.js';

/**
 * `auto` mode: fanotify first; when the kernel refuses to mark the share's directories (a filesystem
 * without file handles, a kernel that takes a group but no mark), inotify watches it instead of the
 * share going unwatched. A limit or a closed watcher is not a refusal: that coverage stands.
 */
export class FallbackWatcher implements SentinelShareWatcher {
  private current: SentinelShareWatcher;
  private canaries: readonly string[] = [];
  private trusted: readonly string[] = [];
  private guard = true;
  private closed = false;
  private readonly activityListeners: ((activity: FileActivity) => void)[] = [];
  private readonly problemListeners: ((problem: WatchProblem) => void)[] = [];

  constructor(
    private readonly primary: FanotifyWatcher,
    private readonly makeFallback: () => SentinelShareWatcher,
  ) {
    this.current = primary;
    this.attach(primary);
  }

  get mode(): 'fanotify' | 'inotify' {
    return this.current.mode;
  }

  async start(): Promise<WatchCoverage> {
    const coverage = await this.primary.start();
    if (coverage.complete || !this.primary.markRefused || this.closed) return coverage;
    const fallback = this.makeFallback();
    this.attach(fallback);
    fallback.setCanaries(this.canaries);
    fallback.setTrustedExecutables(this.trusted);
    fallback.setGuard(this.guard);
    this.current = fallback;
    return fallback.start();
  }

  private attach(watcher: SentinelShareWatcher): void {
    watcher.onActivity((activity) => {
      if (watcher === this.current) notifyAll(this.activityListeners, activity);
    });
    watcher.onProblem((problem) => {
      if (watcher === this.current) notifyAll(this.problemListeners, problem);
    });
  }

  onActivity(listener: (activity: FileActivity) => void): void {
    this.activityListeners.push(listener);
  }

  onProblem(listener: (problem: WatchProblem) => void): void {
    this.problemListeners.push(listener);
  }

  setCanaries(paths: readonly string[]): void {
    this.canaries = [...paths];
    this.current.setCanaries(paths);
  }

  setTrustedExecutables(paths: readonly string[]): void {
    this.trusted = [...paths];
    this.current.setTrustedExecutables(paths);
  }

  setGuard(enabled: boolean): void {
    this.guard = enabled;
    this.current.setGuard(enabled);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.primary.close();
    if (this.current !== this.primary) await this.current.close();
  }
}
