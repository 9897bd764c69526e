import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, type CorpusFile } from './corpus.js';
import { prepareTarget } from './marker.js';

const made: string[] = [];

/** Removes every target corpusTarget made in this test file (call from afterAll). */
export function removeTargets(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh marked target under the system temp directory with a small corpus. */
export function corpusTarget(files = 24, seed = 3): { root: string; corpus: CorpusFile[] } {
  const scratch = mkdtempSync(join(tmpdir(), 'lifeline-sim-'));
  made.push(scratch);
  const root = join(scratch, 'share');
  prepareTarget(root);
  return { root, corpus: generateCorpus(root, { files, seed }) };
}

/** Corpus files whose content is not what was generated (changed, renamed away or missing). */
export function changedFiles(root: string, corpus: readonly CorpusFile[]): string[] {
  return corpus
    .filter((file) => {
      const path = join(root, file.path);
      return (
        !existsSync(path) || createHash('sha256').update(readFileSync(path)).digest('hex') !== file.sha256
      );
    })
    .map((file) => file.path);
}
