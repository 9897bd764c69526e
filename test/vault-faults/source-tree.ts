import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** mulberry32: tiny and seedable, so every run of the fault tests sees the same files and delays. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes that do not compress, so every chunk costs real pack space. */
function noise(random: () => number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  for (let i = 0; i + 4 <= size; i += 4) out.writeUInt32LE(Math.floor(random() * 4294967296), i);
  for (let i = size - (size % 4); i < size; i++) out[i] = Math.floor(random() * 256);
  return out;
}

/** Half text-like (compressible), half noise: both paths of the blob encoder get exercised. */
function content(random: () => number, size: number): Buffer {
  if (random() < 0.5) return noise(random, size);
  const line = `record ${Math.floor(random() * 1e9)} ward ${Math.floor(random() * 40)}\n`;
  return Buffer.from(line.repeat(Math.ceil(size / line.length)).slice(0, size));
}

export interface SourceTree {
  root: string;
  files: string[];
}

/** About 1.2 MB in nested directories: many small files (many blobs) and one multi-chunk file. */
export function createSourceTree(root: string, seed: number): SourceTree {
  const random = seededRandom(seed);
  const files: string[] = [];
  for (let d = 0; d < 3; d++) {
    const dir = join(root, `ward-${d}`, d % 2 === 0 ? 'notes' : 'scans');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 20; f++) {
      const path = join(dir, `item-${f}.bin`);
      writeFileSync(path, content(random, 512 + Math.floor(random() * 16 * 1024)));
      files.push(path);
    }
  }
  const archive = join(root, 'archive.dcm');
  writeFileSync(archive, noise(random, 600_000 + Math.floor(random() * 200_000)));
  files.push(archive);
  return { root, files };
}

/**
 * Rewrites a share of the files so that the next backup has new blobs to pack. Unchanged files are
 * read again and deduplicate, which writes nothing: a large share keeps pack writes spread over
 * the whole run, so random kills land among them.
 */
export function mutateSourceTree(tree: SourceTree, seed: number, share = 0.8): void {
  const random = seededRandom(seed);
  for (const path of tree.files) {
    if (random() >= share) continue;
    const big = path.endsWith('.dcm');
    const size = big ? 600_000 + Math.floor(random() * 200_000) : 256 + Math.floor(random() * 16 * 1024);
    writeFileSync(path, big ? noise(random, size) : content(random, size));
  }
}

/** Relative path → content of every regular file below `root`. */
export function readTree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return out;
}
