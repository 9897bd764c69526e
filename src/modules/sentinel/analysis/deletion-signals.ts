import type { Fingerprint, Signal } from '../types.js';
import { isPair, mayPair } from './copy-pairs.js';
import type { WriterState } from './writer-state.js';
import { DELETE_BLOCK, DELETE_BURST_MS, MASS_DELETE_CAP, WEIGHTS } from './weights.js';

const PAIR_DETAIL = 'replaced by an opaque copy';

/** Plain mass-deletion blocks are events; a pair names its original, which counts once. */
export function isDeletionBlock(signal: Signal): boolean {
  return signal.kind === 'mass-delete' && !signal.detail.startsWith(PAIR_DETAIL);
}

function pairSignal(original: string, copy: string, at: number): Signal {
  return {
    kind: 'mass-delete',
    path: original,
    weight: WEIGHTS.replacedByOpaqueCopy,
    at,
    detail: `${PAIR_DETAIL} ${copy}`,
  };
}

/**
 * A deletion of a file this writer did not create. Encryptors that write `x.pdf.locked` and then
 * delete `x.pdf` are caught by the pair alone; deletion in bulk only adds evidence, capped so
 * that clearing out a folder never reaches the threshold on its own.
 */
export function deletionSignals(
  state: WriterState,
  path: string,
  original: Fingerprint,
  at: number,
  since: number,
): Signal[] {
  const signals: Signal[] = [];
  state.deleted.set(path, { fingerprint: original, at });
  state.deletions.add(at);
  for (const [copy, candidate] of state.opaqueNew) {
    if (candidate.at >= since && mayPair(copy, path) && isPair(copy, candidate, path, original)) {
      signals.push(pairSignal(path, copy, at));
      break;
    }
  }
  const count = state.deletions.countSince(at - DELETE_BURST_MS);
  if (count > 0 && count % DELETE_BLOCK === 0) {
    const plain = state.weightOf('mass-delete', since, isDeletionBlock);
    if (plain + WEIGHTS.massDelete <= MASS_DELETE_CAP) {
      signals.push({
        kind: 'mass-delete',
        path,
        weight: WEIGHTS.massDelete,
        at,
        detail: `${count} files deleted within ${DELETE_BURST_MS / 1000} s`,
      });
    }
  }
  return signals;
}

/** A new opaque file: paired with an original this writer deleted earlier. */
export function opaqueCopySignals(
  state: WriterState,
  copy: string,
  size: number,
  at: number,
  since: number,
): Signal[] {
  const candidate = { at, size };
  state.opaqueNew.set(copy, candidate);
  for (const [original, deletion] of state.deleted) {
    if (
      deletion.at >= since &&
      mayPair(copy, original) &&
      isPair(copy, candidate, original, deletion.fingerprint)
    ) {
      return [pairSignal(original, copy, at)];
    }
  }
  return [];
}
