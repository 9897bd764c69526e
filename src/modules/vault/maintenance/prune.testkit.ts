import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { backup, type Chunker } from '../archiver/backup.js';
import { LocalBackend } from '../backend/local.js';
import { chunkStream, createGearTable } from '../chunker/index.js';
import { Repository, type RepositoryOptions } from '../repo/repository.js';

export const PASSWORD = 'prune test password';
export const FAST: RepositoryOptions = { kdf: { N: 1024, r: 8, p: 1 } };

/** Small chunks, so that a few hundred KiB become many blobs. */
export function smallChunker(): Chunker {
  const gear = createGearTable(randomBytes(32));
  return (source) => chunkStream(source, { gear, min: 16 * 1024, avg: 64 * 1024, max: 256 * 1024 });
}

export const openRepo = (dir: string, options: RepositoryOptions = FAST) =>
  Repository.open(new LocalBackend(dir), PASSWORD, options);

export async function backupDir(repo: Repository, src: string, chunk: Chunker): Promise<string> {
  const { snapshotId, stats } = await backup(repo, { paths: [src], chunk });
  if (stats.errors.length > 0) throw new Error(`backup failed: ${stats.errors[0]?.message}`);
  return snapshotId;
}

/** Every file of a repository directory with its size: what prune may and may not change. */
export function repoFiles(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (sub: string): void => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      const stat = statSync(join(dir, rel));
      if (stat.isDirectory()) walk(rel);
      else out.set(rel, stat.size);
    }
  };
  walk('');
  return out;
}

export function packBytes(dir: string): number {
  let total = 0;
  for (const [name, size] of repoFiles(dir)) if (name.startsWith('data/')) total += size;
  return total;
}
