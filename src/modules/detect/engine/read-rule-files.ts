/**
 * Reads rule files from the given paths: directories recursively (*.yml, *.yaml, in sorted order),
 * files as given. A path that does not exist is an error; a file inside a directory that cannot be
 * read is a problem, so one bad file never hides the others.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RuleProblem } from '../types.js';
import type { SourceFile } from './collect-documents.js';
import { engineError } from './errors.js';

const RULE_FILE = /\.ya?ml$/i;

export interface ReadResult {
  readonly files: SourceFile[];
  readonly problems: RuleProblem[];
}

export async function readRuleFiles(paths: readonly string[]): Promise<ReadResult> {
  const names: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch((error: unknown) => {
      throw engineError(
        'DETECT_RULES_PATH_UNREADABLE',
        `Rule path cannot be read: ${given}`,
        { path: given },
        error,
      );
    });
    if (info.isDirectory()) names.push(...(await listRuleFiles(given)));
    else names.push(given);
  }
  const files: SourceFile[] = [];
  const problems: RuleProblem[] = [];
  const unique = [...new Set(names)];
  const BATCH = 64;
  for (let start = 0; start < unique.length; start += BATCH) {
    const batch = unique.slice(start, start + BATCH);
    const texts = await Promise.allSettled(batch.map((file) => readFile(file, 'utf8')));
    texts.forEach((result, i) => {
      const file = batch[i] ?? '';
      if (result.status === 'fulfilled') files.push({ file, text: result.value });
      else problems.push({ file, line: 1, reason: `file cannot be read: ${String(result.reason)}` });
    });
  }
  return { files, problems };
}

async function listRuleFiles(directory: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    // Symbolic links to directories are not followed: they could loop.
    if (entry.isDirectory()) out.push(...(await listRuleFiles(full)));
    else if ((entry.isFile() || entry.isSymbolicLink()) && RULE_FILE.test(entry.name)) out.push(full);
  }
  return out;
}
