import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';

import { isLifelineError, LifelineError } from '../../../kernel/errors.js';
import type { ProcessingPipeline } from '../types.js';
import { pipelinesDirectory } from './package-root.js';
import { MAX_PIPELINE_BYTES, parsePipeline } from './parse.js';

const BARE_NAME = /^[a-z0-9][a-z0-9_-]*$/i;
const EXTENSIONS = ['.yml', '.yaml'];

export interface PipelineSummary {
  /** What `loadPipeline` accepts: the file's name without extension. */
  readonly name: string;
  readonly file: string;
  readonly description?: string;
  /** Set when the file does not load; the pipeline cannot be used until it is fixed. */
  readonly problem?: string;
}

/**
 * Loads a pipeline by bare name (`windows` → content/detect/pipelines/windows.yml under the package
 * root) or by path (anything with a slash or a .yml/.yaml ending, relative to the working directory).
 */
export async function loadPipeline(nameOrPath: string): Promise<ProcessingPipeline> {
  const file = await resolvePipelineFile(nameOrPath);
  return parsePipeline(await readPipelineText(file), file);
}

/** The shipped and operator-added pipelines in content/detect/pipelines, sorted by name. */
export async function listPipelines(directory: string = pipelinesDirectory()): Promise<PipelineSummary[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && EXTENSIONS.includes(extname(entry.name)))
    .map((entry) => join(directory, entry.name))
    .sort();
  const summaries: PipelineSummary[] = [];
  for (const file of files) {
    const name = basename(file, extname(file));
    try {
      const pipeline = parsePipeline(await readPipelineText(file), file);
      summaries.push({
        name,
        file,
        ...(pipeline.description === undefined ? {} : { description: pipeline.description }),
      });
    } catch (error) {
      if (!isLifelineError(error)) throw error;
      summaries.push({ name, file, problem: error.message });
    }
  }
  return summaries;
}

async function resolvePipelineFile(nameOrPath: string): Promise<string> {
  const looksLikePath = /[\\/]/.test(nameOrPath) || EXTENSIONS.includes(extname(nameOrPath));
  if (looksLikePath) {
    const file = resolve(nameOrPath);
    if (!(await isFile(file))) throw notFound(nameOrPath);
    return file;
  }
  if (!BARE_NAME.test(nameOrPath)) throw notFound(nameOrPath);
  for (const extension of EXTENSIONS) {
    const file = join(pipelinesDirectory(), `${nameOrPath}${extension}`);
    if (await isFile(file)) return file;
  }
  throw notFound(nameOrPath);
}

async function readPipelineText(file: string): Promise<string> {
  const info = await stat(file);
  if (info.size > MAX_PIPELINE_BYTES) {
    const reason = `is larger than ${MAX_PIPELINE_BYTES} bytes`;
    throw new LifelineError('DETECT_PIPELINE_INVALID', `${file}:1: ${reason}`, {
      file,
      line: 1,
      key: '',
      reason,
    });
  }
  return readFile(file, 'utf8');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function notFound(nameOrPath: string): LifelineError {
  return new LifelineError(
    'DETECT_PIPELINE_NOT_FOUND',
    `no processing pipeline ${JSON.stringify(nameOrPath)}`,
    {
      pipeline: nameOrPath,
    },
  );
}
