import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'lifeline';
let cached: string | undefined;

/**
 * The installed package's root: the nearest directory above this file whose package.json names
 * Lifeline. Walking up (rather than a fixed `../../..`) keeps it right from src/ under vitest,
 * from dist/ after tsc, and from any depth a bundler may flatten the file to.
 */
export function packageRoot(from: string = import.meta.url): string {
  if (cached !== undefined && from === import.meta.url) return cached;
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (isLifelineRoot(dir)) {
      if (from === import.meta.url) cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no ${PACKAGE_NAME} package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
}

function isLifelineRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** Where the shipped pipelines live: content/detect/pipelines under the package root. */
export function pipelinesDirectory(): string {
  return join(packageRoot(), 'content', 'detect', 'pipelines');
}
