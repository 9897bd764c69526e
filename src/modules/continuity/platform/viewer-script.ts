import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LifelineError } from '../../../kernel/errors.js';

/** Where `npm run build` puts the viewer, from src/ and dist/ alike. */
const VIEWER = fileURLToPath(new URL('../../../../dist/viewer/lifeline-viewer.js', import.meta.url));

let cached: string | undefined;

/** The offline viewer every kit file carries inline. */
export async function viewerScript(path: string = VIEWER): Promise<string> {
  if (cached !== undefined && path === VIEWER) return cached;
  let script: string;
  try {
    script = await readFile(path, 'utf8');
  } catch {
    throw new LifelineError(
      'CONTINUITY_VIEWER_MISSING',
      'The offline viewer is not built; run npm run build',
      {},
    );
  }
  if (path === VIEWER) cached = script;
  return script;
}
