/**
 * The sentinel's eyes on a share: fanotify through the native addon when it is available (writer
 * pids, kernel-side guard on canaries), inotify otherwise; watch limits; who a writer is.
 */
import { LifelineError } from '../../../kernel/errors.js';
import { fanotifyAvailable, loadAddon } from './addon.js';
import { SENTINEL_WATCH_ERRORS } from './errors.js';
import { FallbackWatcher } from './fallback.js';
import { FanotifyWatcher } from './fanotify.js';
import { InotifyWatcher } from './inotify.js';
import type { SentinelShareWatcher } from './problems.js';

export { fanotifyAvailable } from './addon.js';
export { describeWriter, findOpeners, processStartTicks } from './writers.js';
export { watchLimits, readWatchLimit, type WatchMode } from './limits.js';
export type { SentinelShareWatcher, WatchProblem } from './problems.js';
export { SENTINEL_WATCH_ERRORS };

export interface ShareWatcherOptions {
  /** auto: fanotify when available, inotify otherwise. */
  prefer?: 'auto' | 'fanotify' | 'inotify';
  /** The kernel limit to check against instead of the live sysctl (tests). */
  limit?: number;
}

export function createShareWatcher(roots: string[], options: ShareWatcherOptions = {}): SentinelShareWatcher {
  const prefer = options.prefer ?? 'auto';
  if (prefer === 'inotify') return new InotifyWatcher(roots, options.limit);
  const available = fanotifyAvailable();
  const loaded = loadAddon();
  if (available.ok && 'addon' in loaded) {
    const fanotify = new FanotifyWatcher(roots, loaded.addon, options.limit);
    if (prefer === 'fanotify') return fanotify;
    return new FallbackWatcher(fanotify, () => new InotifyWatcher(roots, options.limit));
  }
  if (prefer === 'auto') return new InotifyWatcher(roots, options.limit);
  const reason = available.ok ? 'the native addon did not load' : available.reason;
  throw new LifelineError('SENTINEL_FANOTIFY_UNAVAILABLE', `fanotify is not available: ${reason}`, {
    reason,
  });
}
