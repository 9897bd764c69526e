export { createGearTable } from './gear.js';
export { AVG_CHUNK, MAX_CHUNK, MIN_CHUNK, chunkParams } from './params.js';
export type { ChunkParams, ChunkerOptions } from './params.js';
export { cutPoints, findBoundary, newScanState } from './boundary.js';
export type { ScanState } from './boundary.js';
export { Chunker, chunkStream } from './chunker.js';
