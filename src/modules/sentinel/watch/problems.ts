import type { ShareWatcher } from '../types.js';

/**
 * What a watcher says when its coverage breaks after start: the kernel queue overflowed (changes were
 * lost) or a directory that appeared could not be watched. Never silent, never activity.
 */
export interface WatchProblem {
  kind: 'overflow' | 'unwatched';
  detail: string;
  at: number;
}

/** A ShareWatcher that also reports coverage problems after start. */
export interface SentinelShareWatcher extends ShareWatcher {
  onProblem(listener: (problem: WatchProblem) => void): void;
}

/** Calls every listener; one that throws (against the contract) surfaces as an uncaught error. */
export function notifyAll<T>(listeners: readonly ((value: T) => void)[], value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
