/** The benchmark's share: a marked target with the corpus, and how much of it a run destroyed. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// The benchmark drives the simulator below the CLI.
// eslint-disable-next-line no-restricted-imports
import { generateCorpus, prepareTarget, type CorpusFile } from '../../src/modules/sentinel/simulate/index.js';

/** Makes (or reuses, when the file count and seed match) the share and its manifest of hashes. */
export function prepareShare(
  work: string,
  files: number,
  seed: number,
): { share: string; corpus: CorpusFile[] } {
  const share = join(work, 'share');
  const manifest = join(work, `corpus-${files}-${seed}.json`);
  if (existsSync(manifest) && existsSync(share)) {
    const corpus = JSON.parse(readFileSync(manifest, 'utf8')) as CorpusFile[];
    if (lostFiles(share, corpus).length === 0) return { share, corpus };
  }
  rmSync(share, { recursive: true, force: true });
  prepareTarget(share);
  const corpus = generateCorpus(share, { files, seed });
  writeFileSync(manifest, JSON.stringify(corpus));
  return { share, corpus };
}

/** Corpus files (never canaries or notes) whose content changed, or that are gone or renamed. */
export function lostFiles(share: string, corpus: readonly CorpusFile[]): string[] {
  return corpus
    .filter((file) => {
      const path = join(share, file.path);
      return (
        !existsSync(path) || createHash('sha256').update(readFileSync(path)).digest('hex') !== file.sha256
      );
    })
    .map((file) => file.path);
}
