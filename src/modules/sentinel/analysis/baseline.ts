import { opendir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fingerprintFile } from '../fingerprint/index.js';
import type { Fingerprint } from '../types.js';
import { analysisError } from './errors.js';

/** Files fingerprinted between two yields to the event loop, so activity is judged during a scan. */
const FILES_PER_SLICE = 64;
export const DEFAULT_MAX_BASELINE = 2_000_000;

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * What every known file looked like, by absolute path. Filled by a scan and kept current by each
 * analysed change, so a rewrite is always compared with the content before it.
 */
export class Baseline {
  private readonly fingerprints = new Map<string, Fingerprint>();

  constructor(private readonly maxEntries = DEFAULT_MAX_BASELINE) {}

  get(path: string): Fingerprint | undefined {
    return this.fingerprints.get(path);
  }

  /** Beyond the cap new paths are not remembered (their rewrites are then judged as new files). */
  set(path: string, fingerprint: Fingerprint): void {
    if (this.fingerprints.size >= this.maxEntries && !this.fingerprints.has(path)) return;
    this.fingerprints.set(path, fingerprint);
  }

  delete(path: string): Fingerprint | undefined {
    const known = this.fingerprints.get(path);
    this.fingerprints.delete(path);
    return known;
  }

  get size(): number {
    return this.fingerprints.size;
  }

  /**
   * Re-keys everything under a renamed folder. A walk of the whole baseline: folder renames are
   * rare next to file changes, and the map stays one flat lookup for those.
   */
  move(oldPrefix: string, newPrefix: string): number {
    const from = oldPrefix.endsWith(sep) ? oldPrefix : `${oldPrefix}${sep}`;
    const to = newPrefix.endsWith(sep) ? newPrefix : `${newPrefix}${sep}`;
    if (from === to) return 0;
    const moving: Array<[string, Fingerprint]> = [];
    for (const [path, fingerprint] of this.fingerprints) {
      if (path.startsWith(from)) moving.push([path, fingerprint]);
    }
    for (const [path] of moving) this.fingerprints.delete(path);
    for (const [path, fingerprint] of moving)
      this.fingerprints.set(`${to}${path.slice(from.length)}`, fingerprint);
    return moving.length;
  }

  /**
   * Fingerprints every regular file under the roots, skipping canaries and never following a
   * symbolic link. A path already known (an analysed change raced the scan) keeps the newer
   * fingerprint. Unreadable subfolders are skipped; an unreadable root is an error.
   */
  async scan(roots: readonly string[], isCanary: (path: string) => boolean): Promise<{ files: number }> {
    let files = 0;
    let seen = 0;
    for (const root of roots) {
      const info = await stat(root).catch((error: unknown) => {
        throw analysisError('SENTINEL_BASELINE_ROOT_UNREADABLE', `${root} cannot be read`, { root }, error);
      });
      if (!info.isDirectory()) {
        throw analysisError('SENTINEL_BASELINE_ROOT_UNREADABLE', `${root} is not a directory`, { root });
      }
      const pending = [root];
      for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
        const entries = await opendir(directory).catch(() => null);
        if (!entries) continue;
        try {
          for await (const entry of entries) {
            const path = join(directory, entry.name);
            if (entry.isDirectory()) pending.push(path);
            if (!entry.isFile() || isCanary(path)) continue;
            const fingerprint = fingerprintFile(path);
            if (fingerprint && !this.fingerprints.has(path)) {
              this.set(path, fingerprint);
              files++;
            }
            if (++seen % FILES_PER_SLICE === 0) await nextTick();
          }
        } catch {
          // A folder removed or made unreadable mid-scan: what was read still counts.
        }
      }
    }
    return { files };
  }
}
