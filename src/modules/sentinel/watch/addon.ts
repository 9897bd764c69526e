import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the C reader thread hands over; `problem` and `overflow` carry no activity. */
export type NativeEvent =
  | {
      kind: 'write' | 'create' | 'delete' | 'rename';
      path: string;
      oldPath?: string;
      isDir: boolean;
      pid: number | null;
      at: number;
      suspendedByGuard?: true;
    }
  /** `detail` set: JavaScript fell behind and changes were dropped; unset: the kernel queue overflowed. */
  | { kind: 'overflow'; at: number; detail?: string }
  | { kind: 'problem'; detail: string };

export interface NativeHandle {
  readonly __nativeHandle: unique symbol;
}

export interface NativeOpenOptions {
  /** Ask for MOVED_FROM/MOVED_TO instead of FAN_RENAME, as kernels before 5.17 need (tests). */
  legacyRename?: boolean;
  /** Batches waiting for JavaScript before the reader drops ordinary events; default 1024. */
  queueLimit?: number;
}

export interface NativeStats {
  directories: number;
  overflows: number;
  markFailures: number;
  /** Times JavaScript fell so far behind that ordinary events were dropped. */
  lostBatches: number;
  /** False when the kernel refused FAN_RENAME and moves are paired from MOVED_FROM/MOVED_TO. */
  renameEvents: boolean;
  /** The group has an unlimited queue and unlimited marks (root). */
  unlimited: boolean;
}

export interface FanotifyAddon {
  open(onBatch: (events: NativeEvent[]) => void, options?: NativeOpenOptions): NativeHandle;
  addRoots(
    handle: NativeHandle,
    roots: string[],
  ): Promise<{ directories: number; failures: number; firstError: string | null }>;
  setCanaries(handle: NativeHandle, paths: string[]): void;
  setTrusted(handle: NativeHandle, paths: string[]): void;
  setGuard(handle: NativeHandle, enabled: boolean): void;
  stats(handle: NativeHandle): NativeStats;
  close(handle: NativeHandle): void;
  /** Marks `dir` once in a throwaway group, with the watcher's mask; throws what the kernel said. */
  probe(dir: string): { renameEvents: boolean; unlimited: boolean };
  isKernelThread(pid: number): boolean;
}

export const ADDON_RELATIVE_PATH = 'build/native/sentinel_fanotify.node';

/** The repository root: the nearest ancestor with a package.json, from src/ and from dist/ alike. */
export function repositoryRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

let loaded: { addon: FanotifyAddon } | { reason: string } | undefined;

/** Loads the addon once; the reason says what to do when it cannot be loaded. */
export function loadAddon(): { addon: FanotifyAddon } | { reason: string } {
  if (loaded) return loaded;
  const file = join(repositoryRoot(), ADDON_RELATIVE_PATH);
  if (process.platform !== 'linux') loaded = { reason: `fanotify needs Linux, this is ${process.platform}` };
  else if (!existsSync(file))
    loaded = {
      reason: `the native addon is not built (${file}); run npm run build:native (node scripts/build-native.mjs)`,
    };
  else {
    try {
      loaded = { addon: createRequire(import.meta.url)(file) as FanotifyAddon };
    } catch (error) {
      loaded = { reason: `the native addon at ${file} does not load: ${(error as Error).message}` };
    }
  }
  return loaded;
}

let probed: { ok: true } | { ok: false; reason: string } | undefined;

/**
 * Whether this addon can watch here: root, then one real mark on a scratch directory with the full
 * mask (a kernel that makes a group may still refuse every mark).
 */
export function probeFanotify(
  addon: FanotifyAddon,
  isRoot: boolean = process.getuid?.() === 0,
): { ok: true } | { ok: false; reason: string } {
  if (!isRoot)
    return { ok: false, reason: 'fanotify with writer pids and the guard needs root (CAP_SYS_ADMIN)' };
  let scratch: string | null = null;
  try {
    scratch = mkdtempSync(join(tmpdir(), 'sentinel-probe-'));
    addon.probe(scratch);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `fanotify cannot be used: ${(error as Error).message}` };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** fanotify works here: Linux, root, the addon built and a directory can really be marked. */
export function fanotifyAvailable(): { ok: true } | { ok: false; reason: string } {
  if (probed) return probed;
  const result = loadAddon();
  probed = 'reason' in result ? { ok: false, reason: result.reason } : probeFanotify(result.addon);
  return probed;
}
