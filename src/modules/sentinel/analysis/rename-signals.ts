import type { Signal } from '../types.js';
import { extensionOf, renameToUnknownExtension } from './extensions.js';
import type { WriterState } from './writer-state.js';
import { RENAME_BURST_COUNT, RENAME_BURST_MS, WEIGHTS } from './weights.js';

/**
 * Renames from a kept file to an unknown extension count only in bursts: one odd rename is a
 * person's choice, several within a minute is a program at work. When the burst forms, every
 * rename in it counts.
 */
export function renameSignals(state: WriterState, oldPath: string, newPath: string, at: number): Signal[] {
  if (!renameToUnknownExtension(oldPath, newPath)) return [];
  state.renamesToUnknown.set(newPath, at);
  const burst = [...state.renamesToUnknown].filter(([, when]) => when >= at - RENAME_BURST_MS);
  if (burst.length < RENAME_BURST_COUNT) return [];
  return burst
    .filter(([path]) => !state.hasCounted('rename-unknown-extension', path))
    .map(([path, when]) => ({
      kind: 'rename-unknown-extension' as const,
      path,
      weight: WEIGHTS.renameUnknownExtension,
      at: when,
      detail: `renamed to .${extensionOf(path)} (${burst.length} within ${RENAME_BURST_MS / 1000} s)`,
    }));
}
