import type { ChunkParams } from './params.js';

/**
 * Progress through the current chunk: how many of its bytes have been scanned and the gear hash so
 * far. Carrying it between calls is what makes boundaries independent of how input is split.
 */
export interface ScanState {
  pos: number;
  hash: number;
}

export function newScanState(): ScanState {
  return { pos: 0, hash: 0 };
}

/**
 * FastCDC cut-point search over data[start, end) for the chunk that began `state.pos` bytes ago.
 * Returns the index just past the chunk's last byte (state is reset for the next chunk), or -1 when
 * `end` came first (state holds the progress; call again with the next bytes).
 *
 * The first `min` bytes of a chunk are skipped without hashing: no cut may fall there, and a gear
 * hash only remembers its last 32 bytes, so hashing them would change nothing.
 */
export function findBoundary(
  data: Uint8Array,
  start: number,
  end: number,
  params: ChunkParams,
  state: ScanState = newScanState(),
): number {
  const { gear, maskS, maskL, min, avg, max } = params;
  let i = start;
  if (state.pos < min) {
    const skip = Math.min(min - state.pos, end - i);
    i += skip;
    state.pos += skip;
  }
  // Chunk position and data index advance together, so loop limits are computed once per phase.
  const base = state.pos - i;
  let h = state.hash;
  let stop = Math.min(end, avg - base);
  for (; i < stop; i++) {
    h = ((h << 1) + gear[data[i]!]!) | 0;
    if ((h & maskS) === 0) return cut(state, i + 1);
  }
  stop = Math.min(end, max - base);
  for (; i < stop; i++) {
    h = ((h << 1) + gear[data[i]!]!) | 0;
    if ((h & maskL) === 0) return cut(state, i + 1);
  }
  if (i + base >= max) return cut(state, i);
  state.pos = i + base;
  state.hash = h;
  return -1;
}

function cut(state: ScanState, at: number): number {
  state.pos = 0;
  state.hash = 0;
  return at;
}

/** Every chunk end offset of a whole in-memory buffer; the last entry is always data.length. */
export function cutPoints(data: Uint8Array, params: ChunkParams): number[] {
  const ends: number[] = [];
  const state = newScanState();
  let off = 0;
  while (off < data.length) {
    const at = findBoundary(data, off, data.length, params, state);
    off = at < 0 ? data.length : at;
    ends.push(off);
  }
  return ends;
}
