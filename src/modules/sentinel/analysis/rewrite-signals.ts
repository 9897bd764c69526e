import { readTail } from '../fingerprint/index.js';
import type { Fingerprint, Signal } from '../types.js';
import {
  effectiveType,
  hadStructure,
  isRecognisable,
  isTextual,
  LOW_ENTROPY_TYPES,
  looksOpaque,
  sameFamily,
} from './type-families.js';
import { HIGH_ENTROPY, LOW_ENTROPY, WEIGHTS } from './weights.js';

const digits = (value: number): string => value.toFixed(1);

function typeLost(before: string, after: string, afterFingerprint: Fingerprint): boolean {
  if (!isRecognisable(before)) return false;
  // Text is rewritten into all sorts of text; it is lost only to an encoded blob or to noise.
  if (isTextual(before) || before === 'base64') {
    return (
      (after === 'unknown' && looksOpaque(afterFingerprint)) || (after === 'base64' && before !== 'base64')
    );
  }
  return !sameFamily(before, after);
}

const rose = (before: number, after: number): boolean => before < LOW_ENTROPY && after > HIGH_ENTROPY;

/** Every intact PDF ends with this marker (possibly followed by a line end). */
const PDF_END = Buffer.from('%%EOF');
const PDF_END_WINDOW = 1024;

function pdfEndIntact(path: string): boolean {
  const tail = readTail(path, PDF_END_WINDOW);
  return tail !== null && Buffer.from(tail).includes(PDF_END);
}

/**
 * A low-entropy type kept (its header left in place) around noise: an encryptor that spares the
 * first kilobytes of each file. A PDF whose end marker is intact was appended to, not encrypted.
 */
function keptTypeRise(
  path: string,
  before: Fingerprint,
  after: Fingerprint,
  type: string,
  at: number,
): Signal[] {
  if (!LOW_ENTROPY_TYPES.has(type)) return [];
  const head = rose(before.headEntropy, after.headEntropy);
  const tail = rose(before.tailEntropy, after.tailEntropy);
  if (!head && !tail) return [];
  if (type === 'pdf' && pdfEndIntact(path)) return [];
  const [low, high] = head
    ? [before.headEntropy, after.headEntropy]
    : [before.tailEntropy, after.tailEntropy];
  return [
    {
      kind: 'entropy-rise',
      path,
      weight: WEIGHTS.entropyRiseKeptType,
      at,
      detail: `${type} kept, ${head ? 'head' : 'tail'} entropy ${digits(low)} → ${digits(high)}`,
    },
  ];
}

/**
 * What a known file's new content says about the writer: a recognisable type that became an
 * unrelated one (`type-changed`), structure that became noise with no type left (`entropy-rise`),
 * and a low-entropy type kept around noise (a weaker `entropy-rise`). Types that are compressed by
 * nature (archives, Office, images, media) never count for entropy while they keep their family.
 */
export function rewriteSignals(path: string, before: Fingerprint, after: Fingerprint, at: number): Signal[] {
  if (before.type === 'empty' || after.type === 'empty') return [];
  const oldType = effectiveType(before);
  const newType = effectiveType(after);
  if (newType === oldType && isRecognisable(newType)) return keptTypeRise(path, before, after, newType, at);
  const signals: Signal[] = [];
  if (typeLost(oldType, newType, after)) {
    signals.push({
      kind: 'type-changed',
      path,
      // Rewritten in place as an encoded blob: base64 hides the noise, not the intent.
      weight: newType === 'base64' ? WEIGHTS.typeChanged + WEIGHTS.entropyRise : WEIGHTS.typeChanged,
      at,
      detail: `${oldType} → ${newType}`,
    });
  }
  if (newType === 'unknown' && looksOpaque(after) && hadStructure(before)) {
    const low = Math.min(before.headEntropy, before.tailEntropy);
    const high = Math.max(after.headEntropy, after.tailEntropy);
    signals.push({
      kind: 'entropy-rise',
      path,
      weight: WEIGHTS.entropyRise,
      at,
      detail: `${oldType} → ${newType}, entropy ${digits(low)} → ${digits(high)}`,
    });
  }
  return signals;
}
