import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the real third-party test files live (SigmaHQ rules, FHIR bundles, STIX, …): the folder named
 * by LIFELINE_CORPORA, else `../shared/corpora` beside the checkout. They are read in place and never
 * copied into the repository. Undefined when neither exists, so corpus tests can skip and say why.
 */
export function corporaDir(): string | undefined {
  const beside = fileURLToPath(new URL('../../../shared/corpora', import.meta.url));
  for (const candidate of [process.env.LIFELINE_CORPORA, beside]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A path inside the corpora, or undefined when the corpora are not on this machine. */
export function corpusPath(...parts: string[]): string | undefined {
  const root = corporaDir();
  if (!root) return undefined;
  const path = join(root, ...parts);
  return existsSync(path) ? path : undefined;
}
