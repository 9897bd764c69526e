import { LifelineError } from '../../../kernel/errors.js';

export const MIN_CHUNK = 512 * 1024;
export const AVG_CHUNK = 1024 * 1024;
export const MAX_CHUNK = 8 * 1024 * 1024;

export interface ChunkerOptions {
  /** From createGearTable(repository key). */
  gear: Uint32Array;
  min?: number;
  avg?: number;
  max?: number;
}

/** Validated sizes plus the two masks, computed once per chunker instead of once per chunk. */
export interface ChunkParams {
  /** The same table viewed as signed 32-bit, so the hot loop stays in small-integer arithmetic. */
  readonly gear: Int32Array;
  readonly min: number;
  readonly avg: number;
  readonly max: number;
  /** Harder mask (more bits) used from min up to avg. */
  readonly maskS: number;
  /** Easier mask (fewer bits) used from avg up to max. */
  readonly maskL: number;
}

/**
 * The masks test the top bits of the 32-bit gear hash: in a shift-left gear hash the top bit
 * depends on the last 32 bytes and bit k only on the last k + 1, so high bits carry the most content.
 */
function topBits(bits: number): number {
  return bits <= 0 ? 0 : (~0 << (32 - Math.min(bits, 32))) | 0;
}

/**
 * Mask widths are centred on log2(avg - min), not log2(avg) as in the paper: with min = avg / 2
 * skipped outright, the paper's widths would put the mean near 1.2 × avg. One bit harder before avg
 * and one bit easier after it keeps the mean close to avg (≈ 1.05 × on random data) while still
 * squeezing sizes towards avg.
 */
export function chunkParams(options: ChunkerOptions): ChunkParams {
  const { gear, min = MIN_CHUNK, avg = AVG_CHUNK, max = MAX_CHUNK } = options;
  if (!(gear instanceof Uint32Array) || gear.length !== 256) {
    throw new LifelineError('VALIDATION_FAILED', 'The gear table must be a Uint32Array of 256 entries');
  }
  const sizesOk =
    [min, avg, max].every((n) => Number.isSafeInteger(n)) && min >= 1 && avg - min >= 2 && max > avg;
  if (!sizesOk) {
    throw new LifelineError('VALIDATION_FAILED', 'Chunk sizes must be integers with 1 ≤ min < avg < max', {
      min,
      avg,
      max,
    });
  }
  const centre = Math.round(Math.log2(avg - min));
  return {
    gear: new Int32Array(gear.buffer, gear.byteOffset, 256),
    min,
    avg,
    max,
    maskS: topBits(centre + 1),
    maskL: topBits(centre - 1),
  };
}
