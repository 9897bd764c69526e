/**
 * `lifeline detect validate`: every problem that stops a document from compiling, plus style
 * warnings that do not (missing id, level or description, unknown status, malformed tags, ...).
 */
import { documentValue, scalarText, type YamlDocument } from '../sigma/index.js';
import type { RuleProblem } from '../types.js';
import { buildLoadedRules } from './compile-rules.js';
import { collectDocuments } from './collect-documents.js';
import { readRuleFiles } from './read-rule-files.js';
import type { CompileOptions, ValidationReport } from './types.js';

const STATUSES = new Set(['stable', 'test', 'experimental', 'deprecated', 'unsupported']);
const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function validateRules(
  paths: readonly string[],
  options: CompileOptions = {},
): Promise<ValidationReport> {
  const read = await readRuleFiles(paths);
  const collected = collectDocuments(read.files, options.placeholders ?? {});
  const { loaded } = buildLoadedRules(collected, options);
  const warnings: RuleProblem[] = [];
  for (const { yaml, rule } of collected.documents) {
    if (rule) warnings.push(...lintRule(yaml, { id: rule.id, title: rule.title }));
  }
  return {
    problems: [...read.problems, ...loaded.problems],
    warnings,
    documentCount: loaded.documentCount + read.problems.length,
  };
}

export function lintRule(yaml: YamlDocument, rule: { id: string; title: string }): RuleProblem[] {
  // Only rules that compiled are linted, so their document reads as data.
  const json = documentValue(yaml) as Record<string, unknown>;
  const out: RuleProblem[] = [];
  const warn = (reason: string): void => {
    out.push({ file: yaml.file, line: yaml.line, reason, ruleId: rule.id, title: rule.title });
  };
  if (json.id === undefined) warn('rule has no id (one is derived from its text, and changes with it)');
  else if (!UUID.test(scalarText(json.id))) warn(`id "${scalarText(json.id)}" is not a UUID`);
  if (json.level === undefined) warn('rule has no level (medium is assumed)');
  if (json.description === undefined) warn('rule has no description');
  if (json.status !== undefined && !STATUSES.has(scalarText(json.status))) {
    warn(`unknown status "${scalarText(json.status)}" (expected ${[...STATUSES].join(', ')})`);
  }
  if (typeof json.title === 'string' && json.title.length > 256) warn('title is longer than 256 characters');
  const tags = Array.isArray(json.tags) ? (json.tags as unknown[]) : [];
  for (const tag of tags) {
    if (!TAG.test(scalarText(tag)))
      warn(`tag "${scalarText(tag)}" is not of the form namespace.name in lowercase`);
  }
  const detection = json.detection as Record<string, unknown> | undefined;
  if (detection && typeof detection === 'object' && 'timeframe' in detection) {
    warn('detection.timeframe is Sigma 1 and ignored; use a correlation rule');
  }
  return out;
}
