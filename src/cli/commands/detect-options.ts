import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { LifelineError } from '../../kernel/errors.js';
import {
  combinePipelines,
  type DetectionRuleSet,
  loadPipeline,
  loadRuleSet,
  type ProcessingPipeline,
} from '../../modules/detect/index.js';
import type { CliContext } from '../context.js';

/** Options shared by the commands that load rules: `--rules`, `--pipeline`, `--placeholders`. */
export interface RuleOptions {
  rules: string[];
  pipeline?: string;
  placeholders?: string;
}

export function resolvePath(ctx: CliContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.io.cwd, path);
}

/** A rule file's name as the operator knows it: relative to where they stand when under it. */
export function shownPath(ctx: CliContext, file: string): string {
  const rel = relative(ctx.io.cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** A bare name is a shipped pipeline (content/detect/pipelines); anything path-like is a file. */
export async function pipelineOption(
  ctx: CliContext,
  value: string | undefined,
): Promise<ProcessingPipeline | undefined> {
  if (value === undefined) return undefined;
  const pathLike = /[\\/]/.test(value) || /\.ya?ml$/i.test(value);
  return loadPipeline(pathLike ? resolvePath(ctx, value) : value);
}

/**
 * Several pipelines as one, as the serving process combines `detect.pipelines`: every log-source
 * mapping of each, and the union of their field mappings.
 */
export async function pipelinesOption(
  ctx: CliContext,
  values: readonly string[],
): Promise<ProcessingPipeline | undefined> {
  const loaded = await Promise.all(values.map((value) => pipelineOption(ctx, value)));
  const pipelines = loaded.filter((pipeline): pipeline is ProcessingPipeline => pipeline !== undefined);
  return pipelines.length <= 1 ? pipelines[0] : combinePipelines(pipelines);
}

/** `name: [values]` (YAML or JSON) for `%name%` placeholders in rules using the expand modifier. */
export async function placeholdersOption(
  ctx: CliContext,
  file: string | undefined,
): Promise<Record<string, string[]> | undefined> {
  if (file === undefined) return undefined;
  let document: unknown;
  try {
    document = parse(await readFile(resolvePath(ctx, file), 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'not valid YAML or JSON';
    throw new LifelineError('CLI_USAGE', `the placeholders file ${file} cannot be read (${reason})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new LifelineError(
      'CLI_USAGE',
      `the placeholders file ${file} must map each name to a list of values`,
    );
  const placeholders: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(document)) {
    const list: unknown[] = Array.isArray(values) ? values : [values];
    if (!list.every((value) => ['string', 'number', 'boolean'].includes(typeof value)))
      throw new LifelineError(
        'CLI_USAGE',
        `placeholder ${name} in ${file} must be a value or a list of values`,
      );
    placeholders[name] = list.map(String);
  }
  return placeholders;
}

/** What a run loads, options resolved. */
export interface RunRules {
  readonly paths: readonly string[];
  readonly pipeline?: ProcessingPipeline | undefined;
  readonly placeholders?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** `--rules`, `--pipeline` and `--placeholders` as given on the command line. */
export async function runRulesFromOptions(ctx: CliContext, options: RuleOptions): Promise<RunRules> {
  const [pipeline, placeholders] = await Promise.all([
    pipelineOption(ctx, options.pipeline),
    placeholdersOption(ctx, options.placeholders),
  ]);
  return { paths: options.rules, pipeline, placeholders };
}

/**
 * Loads the rules for a run. Documents that do not load are reported and skipped; when nothing at
 * all can run, the command stops with the first reason, since an empty scan would look like a clean one.
 */
export async function loadRulesForRun(ctx: CliContext, run: RunRules): Promise<DetectionRuleSet> {
  const ruleSet = await loadRuleSet({
    paths: run.paths.map((path) => resolvePath(ctx, path)),
    ...(run.pipeline ? { pipeline: run.pipeline } : {}),
    ...(run.placeholders ? { placeholders: run.placeholders } : {}),
  });
  if (ruleSet.active === 0) {
    const first = ruleSet.problems[0];
    const inactive = ruleSet.loaded.inactive.length;
    const why = first
      ? `; first problem: ${shownPath(ctx, first.file)}:${first.line}: ${first.reason}`
      : inactive > 0
        ? `; ${inactive} rule(s) fit no log source of the pipeline`
        : '';
    throw new LifelineError(
      'DETECT_SCAN_NO_RULES',
      `no rule could be used from ${run.paths.join(', ')} (${ruleSet.loaded.documentCount} document(s))${why}`,
    );
  }
  if (ruleSet.problems.length > 0)
    ctx.io.stderr.write(
      `lifeline: ${ruleSet.problems.length} rule document(s) did not load and are skipped; ` +
        '`lifeline detect validate` lists them\n',
    );
  return ruleSet;
}
