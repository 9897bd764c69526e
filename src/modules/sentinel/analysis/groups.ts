import type { Signal } from '../types.js';
import { isDeletionBlock } from './deletion-signals.js';
import { MASS_DELETE_CAP, NOTE_NAME_ONLY_CAP } from './weights.js';
import type { WriterState } from './writer-state.js';

/** Caps a writer's habits are held to hold for its group too: many `rm` processes are still only deletion. */
const CAPS: ReadonlyArray<{ kind: Signal['kind']; only: (signal: Signal) => boolean; cap: number }> = [
  { kind: 'mass-delete', only: isDeletionBlock, cap: MASS_DELETE_CAP },
  { kind: 'ransom-note', only: (signal) => signal.detail === 'note name', cap: NOTE_NAME_ONLY_CAP },
];

/**
 * Adds what one writer just earned to its group's score (one executable run by one user, or one
 * Samba client): an encryptor that starts a process per file adds up there. A file counts once per
 * kind in the group as well.
 */
export function shareWithGroup(group: WriterState, signals: readonly Signal[], since: number): void {
  for (const signal of signals) {
    if (group.hasCounted(signal.kind, signal.path) && !isDeletionBlock(signal)) continue;
    const capped = CAPS.find((entry) => entry.kind === signal.kind && entry.only(signal));
    if (capped && group.weightOf(signal.kind, since, capped.only) + signal.weight > capped.cap) continue;
    group.add(signal);
  }
}
