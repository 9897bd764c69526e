import { readHead } from '../fingerprint/index.js';
import type { Fingerprint, Signal } from '../types.js';
import { noteName, isRansomText } from './ransom-note.js';
import { isTextual } from './type-families.js';
import type { WriterState } from './writer-state.js';
import { NOTE_MAX_BYTES, NOTE_NAME_ONLY_CAP, NOTE_READ_BYTES, WEIGHTS } from './weights.js';

const textDecoder = new TextDecoder('utf-8');

function readsLikeRansom(path: string, fingerprint: Fingerprint): boolean {
  if (fingerprint.size > NOTE_MAX_BYTES || !isTextual(fingerprint.type)) return false;
  const head = readHead(path, NOTE_READ_BYTES);
  return head !== null && isRansomText(textDecoder.decode(head));
}

/**
 * A ransom note among the files a writer creates. Text is read only for small text files that
 * are new or carry a note's name. A path counts once, at its strongest: a note first seen empty
 * and then written counts its text when the text arrives.
 */
export function noteSignals(
  state: WriterState,
  path: string,
  fingerprint: Fingerprint,
  isNew: boolean,
  at: number,
  since: number,
): Signal[] {
  if (fingerprint.size === 0) return [];
  const name = noteName(path);
  if (!isNew && name === 'none') return [];
  const text = readsLikeRansom(path, fingerprint);
  const weight = text
    ? name === 'none'
      ? WEIGHTS.noteTextOnly
      : WEIGHTS.noteNameAndText
    : name === 'strong'
      ? WEIGHTS.noteNameOnly
      : 0;
  const already = state.noteWeights.get(path) ?? 0;
  if (weight <= already) return [];
  if (
    !text &&
    state.weightOf('ransom-note', since, (signal) => signal.detail === 'note name') + weight >
      NOTE_NAME_ONLY_CAP
  ) {
    return [];
  }
  state.noteWeights.set(path, weight);
  const detail = text ? (name === 'none' ? 'ransom text' : 'note name and ransom text') : 'note name';
  return [{ kind: 'ransom-note', path, weight: weight - already, at, detail }];
}
