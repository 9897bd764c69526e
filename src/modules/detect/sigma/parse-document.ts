/**
 * One YAML document → a Sigma rule, a meta filter, a correlation document (kept raw for the
 * correlation engine) or a problem. Never throws: whatever goes wrong becomes a RuleProblem.
 */
import { createHash } from 'node:crypto';
import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { RuleProblem, SigmaLevel } from '../types.js';
import { parseDetection } from './detection.js';
import type { Placeholders } from './pattern-chain.js';
import { SigmaProblem } from './problem.js';
import { scalarText } from './scalar-text.js';
import type { RuleLogsource, SigmaFilter, SigmaRule } from './rule-model.js';
import type { YamlDocument } from './yaml-documents.js';

export type ParsedDocument =
  | { readonly kind: 'rule'; readonly rule: SigmaRule }
  | { readonly kind: 'filter'; readonly filter: SigmaFilter }
  | { readonly kind: 'correlation'; readonly doc: unknown; readonly file: string; readonly line: number }
  | { readonly kind: 'problem'; readonly problem: RuleProblem };

const LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];

type Json = Record<string, unknown>;

export function parseSigmaDocument(yaml: YamlDocument, placeholders: Placeholders): ParsedDocument {
  let json: Json | undefined;
  try {
    const contents = yaml.document.contents;
    if (!isMap(contents)) throw new SigmaProblem('a Sigma document must be a map of keys');
    const value = documentValue(yaml);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SigmaProblem('a Sigma document must be a map of keys');
    }
    json = value as Json;
    if ('correlation' in json) return { kind: 'correlation', doc: json, file: yaml.file, line: yaml.line };
    if ('action' in json) {
      throw new SigmaProblem(
        `rule collections ("action: ${scalarText(json.action)}") are Sigma 1 and not supported`,
      );
    }
    if ('filter' in json && !('detection' in json)) {
      return { kind: 'filter', filter: parseFilter(yaml, contents, json, placeholders) };
    }
    return { kind: 'rule', rule: parseRule(yaml, contents, json, placeholders) };
  } catch (error) {
    const reason =
      error instanceof SigmaProblem
        ? error.reason
        : `internal error while reading the rule: ${String(error)}`;
    const line = error instanceof SigmaProblem && error.line !== undefined ? error.line : yaml.line;
    const id = typeof json?.id === 'string' ? json.id : undefined;
    const title = typeof json?.title === 'string' ? json.title : undefined;
    return {
      kind: 'problem',
      problem: {
        file: yaml.file,
        line,
        reason,
        ...(id === undefined ? {} : { ruleId: id }),
        ...(title === undefined ? {} : { title }),
      },
    };
  }
}

function parseRule(yaml: YamlDocument, contents: YAMLMap, json: Json, placeholders: Placeholders): SigmaRule {
  const title = requiredTitle(json);
  if (!('detection' in json)) throw new SigmaProblem('rule has no detection section');
  if (!('logsource' in json)) throw new SigmaProblem('rule has no logsource section');
  const detection = parseDetection(
    contents.get('detection', true),
    { yaml, placeholders },
    keyLine(yaml, contents, 'detection'),
  );
  const id = optionalText(json, 'id');
  const level = parseLevel(json.level);
  return {
    kind: 'rule',
    file: yaml.file,
    line: yaml.line,
    text: yaml.text,
    id: id ?? derivedId(yaml.text),
    hasOwnId: id !== undefined,
    ...optional('name', optionalText(json, 'name')),
    title,
    ...optional('status', optionalText(json, 'status')),
    level: level ?? 'medium',
    ...optional('description', optionalText(json, 'description')),
    ...optional('author', optionalText(json, 'author')),
    references: textList(json.references),
    falsepositives: textList(json.falsepositives),
    tags: textList(json.tags),
    logsource: parseLogsource(json.logsource),
    fields: textList(json.fields),
    detection,
  };
}

function parseFilter(
  yaml: YamlDocument,
  contents: YAMLMap,
  json: Json,
  placeholders: Placeholders,
): SigmaFilter {
  const title = requiredTitle(json);
  if (!('logsource' in json)) throw new SigmaProblem('filter has no logsource section');
  const section = json.filter;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new SigmaProblem('filter must be a map with rules, a selection and a condition');
  }
  const rules = textList((section as Json).rules);
  if (rules.length === 0) throw new SigmaProblem('filter names no rules ("filter.rules")');
  const detection = parseDetection(
    contents.get('filter', true),
    { yaml, placeholders },
    keyLine(yaml, contents, 'filter'),
    ['rules'],
  );
  const id = optionalText(json, 'id');
  return {
    kind: 'filter',
    file: yaml.file,
    line: yaml.line,
    text: yaml.text,
    id: id ?? derivedId(yaml.text),
    title,
    ...optional('description', optionalText(json, 'description')),
    logsource: parseLogsource(json.logsource),
    rules,
    detection,
  };
}

/** The document as plain data; alias trouble (unknown anchors, alias bombs) becomes a problem. */
export function documentValue(yaml: YamlDocument): unknown {
  try {
    return yaml.document.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (error) {
    throw new SigmaProblem(`YAML cannot be read: ${(error as Error).message}`);
  }
}

function keyLine(yaml: YamlDocument, contents: YAMLMap, key: string): number {
  const pair = contents.items.find((item) => isScalar(item.key) && item.key.value === key);
  return yaml.lineOf(pair?.key);
}

function requiredTitle(json: Json): string {
  const title = json.title;
  if (typeof title !== 'string' || title.trim() === '') throw new SigmaProblem('document has no title');
  return title;
}

function parseLevel(value: unknown): SigmaLevel | undefined {
  if (value === undefined || value === null) return undefined;
  const level = scalarText(value).toLowerCase();
  const known = LEVELS.find((l) => l === level);
  if (!known) throw new SigmaProblem(`unknown level "${scalarText(value)}" (expected ${LEVELS.join(', ')})`);
  return known;
}

function parseLogsource(value: unknown): RuleLogsource {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SigmaProblem('logsource must be a map (product, category, service)');
  }
  const source = value as Json;
  const out: { -readonly [K in keyof RuleLogsource]: string } = {};
  for (const key of ['product', 'category', 'service', 'definition'] as const) {
    const field = source[key];
    if (field === undefined || field === null) continue;
    if (typeof field === 'object') throw new SigmaProblem(`logsource.${key} must be a single value`);
    out[key] = scalarText(field);
  }
  return out;
}

function optionalText(json: Json, key: string): string | undefined {
  const value = json[key];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(scalarText).join(', ');
  if (typeof value === 'object') throw new SigmaProblem(`"${key}" must be a single value`);
  const text = scalarText(value);
  if (key === 'id' && text.trim() === '') throw new SigmaProblem('"id" is empty');
  return text;
}

function textList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return items.filter((item) => item !== null && item !== undefined).map(scalarText);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Rules without an id get one derived from their text: stable as long as the rule is unchanged. */
function derivedId(text: string): string {
  return `sha256-${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
}
