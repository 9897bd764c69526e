import type { FileActivity, WatchCoverage } from '../types.js';
import { LifelineError } from '../../../kernel/errors.js';
import type { FanotifyAddon, NativeEvent, NativeHandle, NativeOpenOptions, NativeStats } from './addon.js';
import { watchLimits } from './limits.js';
import { notifyAll, type SentinelShareWatcher, type WatchProblem } from './problems.js';
import { assertDirectories, listDirectories, normaliseRoots } from './tree.js';

/**
 * Watches a share through the native fanotify addon: writer pids, new folders marked by the reader
 * thread itself, and a guard that stops a canary's writer before JavaScript hears of it.
 */
export class FanotifyWatcher implements SentinelShareWatcher {
  readonly mode = 'fanotify' as const;
  private readonly roots: string[];
  private handle: NativeHandle | null = null;
  private state: 'new' | 'starting' | 'started' | 'closed' = 'new';
  private starting: Promise<unknown> = Promise.resolve();
  private canaries: string[] = [];
  private trusted: string[] = [];
  private guard = true;
  /** Set when the kernel refused a mark (not a limit): the share may be watched with inotify instead. */
  markRefused = false;
  private readonly activityListeners: ((activity: FileActivity) => void)[] = [];
  private readonly problemListeners: ((problem: WatchProblem) => void)[] = [];

  constructor(
    roots: readonly string[],
    private readonly addon: FanotifyAddon,
    private readonly limit?: number,
    private readonly native: NativeOpenOptions = {},
  ) {
    this.roots = normaliseRoots(roots);
  }

  async start(): Promise<WatchCoverage> {
    if (this.state !== 'new')
      throw new LifelineError('SENTINEL_WATCHER_STATE', 'The watcher was already started');
    this.state = 'starting';
    const run = this.mark();
    this.starting = run.catch(() => undefined);
    return run;
  }

  private async mark(): Promise<WatchCoverage> {
    await assertDirectories(this.roots);
    const counted = (await listDirectories(this.roots)).length;
    const base = { mode: this.mode, roots: this.roots, directories: counted };
    if (this.state === 'closed') return { ...base, complete: false, problem: 'the watcher was closed' };
    const handle = this.addon.open((batch) => this.deliver(batch), this.native);
    this.handle = handle;
    // As root the group's marks are unlimited and the sysctl does not apply (unless a test sets one).
    const unlimited = this.limit === undefined && this.addon.stats(handle).unlimited;
    const limits = unlimited ? { ok: true } : watchLimits(counted, 'fanotify', this.limit);
    if (!limits.ok) return this.incomplete({ ...base, complete: false, problem: limits.problem ?? '' });
    this.addon.setCanaries(handle, this.canaries);
    this.addon.setTrusted(handle, this.trusted);
    this.addon.setGuard(handle, this.guard);
    const marked = await this.addon.addRoots(handle, this.roots);
    if (this.closedMeanwhile()) return { ...base, complete: false, problem: 'the watcher was closed' };
    if (marked.failures > 0) {
      this.markRefused = marked.firstError?.startsWith('cannot mark') ?? false;
      const problem =
        `${marked.failures} director${marked.failures === 1 ? 'y' : 'ies'} could not be watched ` +
        `(first: ${marked.firstError ?? 'unknown'}); the share is not covered`;
      return this.incomplete({ ...base, directories: marked.directories, complete: false, problem });
    }
    this.state = 'started';
    return { ...base, directories: marked.directories, complete: true };
  }

  /** close() may run while the walk is awaited. */
  private closedMeanwhile(): boolean {
    return this.state === 'closed';
  }

  /** Half a tree is not watched at all: the caller decides, nothing is delivered meanwhile. */
  private incomplete(coverage: WatchCoverage): WatchCoverage {
    this.release();
    this.state = 'closed';
    return coverage;
  }

  private deliver(batch: NativeEvent[]): void {
    if (this.state === 'closed') return;
    for (const event of batch) {
      if (event.kind === 'overflow') {
        const detail =
          event.detail ?? 'the fanotify queue overflowed (fs.fanotify.max_queued_events); changes were lost';
        notifyAll(this.problemListeners, { kind: 'overflow', detail, at: event.at });
      } else if (event.kind === 'problem') {
        notifyAll(this.problemListeners, { kind: 'unwatched', detail: event.detail, at: Date.now() });
      } else {
        const { oldPath, suspendedByGuard, ...rest } = event;
        const activity: FileActivity = { ...rest };
        if (oldPath !== undefined) activity.oldPath = oldPath;
        if (suspendedByGuard) activity.suspendedByGuard = true;
        notifyAll(this.activityListeners, activity);
      }
    }
  }

  onActivity(listener: (activity: FileActivity) => void): void {
    this.activityListeners.push(listener);
  }

  onProblem(listener: (problem: WatchProblem) => void): void {
    this.problemListeners.push(listener);
  }

  setCanaries(paths: readonly string[]): void {
    this.canaries = [...paths];
    if (this.handle) this.addon.setCanaries(this.handle, this.canaries);
  }

  setTrustedExecutables(paths: readonly string[]): void {
    this.trusted = [...paths];
    if (this.handle) this.addon.setTrusted(this.handle, this.trusted);
  }

  setGuard(enabled: boolean): void {
    this.guard = enabled;
    if (this.handle) this.addon.setGuard(this.handle, enabled);
  }

  /** Directories marked right now, queue overflows, dropped batches and marking failures since start. */
  stats(): NativeStats | null {
    return this.handle ? this.addon.stats(this.handle) : null;
  }

  async close(): Promise<void> {
    this.state = 'closed';
    await this.starting;
    this.release();
  }

  private release(): void {
    if (this.handle) this.addon.close(this.handle);
    this.handle = null;
  }
}
