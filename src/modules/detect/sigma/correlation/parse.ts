import { createHash } from 'node:crypto';
import type { CorrelationType, RuleProblem, SigmaLevel } from '../../types.js';
import { parseCondition } from './condition.js';
import { parseTimespan } from './timespan.js';
import type { CorrelationDefinition } from './types.js';

export const CORRELATION_TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
];
const LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];
const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
const SECTION_KEYS = ['type', 'rules', 'group-by', 'timespan', 'condition', 'aliases', 'generate'];
const DEFAULT_LEVEL: SigmaLevel = 'medium';

type Where = { readonly file: string; readonly line: number };
export type ParseCorrelationResult =
  { ok: true; correlation: CorrelationDefinition } | { ok: false; problem: RuleProblem };

class Invalid extends Error {}

function fail(reason: string): never {
  throw new Invalid(reason);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(map: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function optionalText(map: Record<string, unknown>, key: string): string | undefined {
  const value = own(map, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(`${key} must be a non-empty string`);
  return value;
}

function names(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && v.trim() !== '')) {
    fail(`${what} must be a list of non-empty names`);
  }
  const repeated = value.find((v, i) => value.indexOf(v) !== i);
  if (repeated !== undefined) fail(`${what} lists '${repeated}' twice`);
  return value;
}

function parseType(value: unknown): CorrelationType {
  const type = CORRELATION_TYPES.find((t) => t === value);
  if (type === undefined) fail(`correlation.type must be one of ${CORRELATION_TYPES.join(', ')}`);
  return type;
}

function parseAliases(value: unknown): Record<string, Record<string, string>> {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) fail('correlation.aliases must map each alias to { rule name: field }');
  const entries = Object.entries(value).map(([alias, perRule]) => {
    if (!isMap(perRule) || Object.keys(perRule).length === 0) {
      fail(`correlation.aliases.${alias} must map rule names to field names`);
    }
    for (const [rule, field] of Object.entries(perRule)) {
      if (typeof field !== 'string' || field.trim() === '') {
        fail(`correlation.aliases.${alias}.${rule} must be a field name`);
      }
    }
    return [alias, Object.fromEntries(Object.entries(perRule)) as Record<string, string>] as const;
  });
  return Object.fromEntries(entries);
}

/** The spec puts `generate` at the top level; some rule sets write it inside `correlation:`. */
function parseGenerate(doc: Record<string, unknown>, section: Record<string, unknown>): boolean {
  const value = own(doc, 'generate') ?? own(section, 'generate');
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') fail('generate must be true or false');
  return value;
}

function derivedId(file: string, label: string): string {
  const digest = createHash('sha256').update(`${file}\u0000${label}`).digest('hex');
  return `correlation-${digest.slice(0, 24)}`;
}

function build(doc: unknown, where: Where): CorrelationDefinition {
  if (!isMap(doc)) fail('a correlation rule must be a YAML map');
  const title = own(doc, 'title');
  if (typeof title !== 'string' || title.trim() === '') fail('title is missing');
  if (title.length > 256) fail('title is longer than 256 characters');
  const declaredId = optionalText(doc, 'id');
  const name = optionalText(doc, 'name');
  const status = optionalText(doc, 'status');
  if (status !== undefined && !STATUSES.includes(status))
    fail(`status must be one of ${STATUSES.join(', ')}`);
  const levelText = optionalText(doc, 'level');
  const level = levelText === undefined ? DEFAULT_LEVEL : LEVELS.find((l) => l === levelText);
  if (level === undefined) fail(`level must be one of ${LEVELS.join(', ')}`);
  const tagsValue = own(doc, 'tags');
  const tags = tagsValue === undefined || tagsValue === null ? [] : names(tagsValue, 'tags');

  const section = own(doc, 'correlation');
  if (!isMap(section)) fail('the correlation section is missing or not a map');
  const unknown = Object.keys(section).find((k) => !SECTION_KEYS.includes(k));
  if (unknown !== undefined) fail(`correlation has an unknown key '${unknown}'`);
  const type = parseType(own(section, 'type'));
  const rules = names(own(section, 'rules'), 'correlation.rules');
  if (rules.length === 0) fail('correlation.rules must name at least one rule');
  const groupByValue = own(section, 'group-by');
  const groupBy =
    groupByValue === undefined || groupByValue === null
      ? []
      : names(typeof groupByValue === 'string' ? [groupByValue] : groupByValue, 'correlation.group-by');
  const timespan = own(section, 'timespan');
  const span = parseTimespan(timespan);
  if (!span.ok) fail(`correlation.${span.reason}`);
  const condition = parseCondition(own(section, 'condition'), type, rules.length);
  if (!condition.ok) fail(`correlation.${condition.reason}`);
  const aliases = parseAliases(own(section, 'aliases'));
  const generate = parseGenerate(doc, section);

  const id = declaredId ?? derivedId(where.file, name ?? title);
  return {
    id,
    ...(declaredId === undefined ? {} : { declaredId }),
    ...(name === undefined ? {} : { name }),
    title,
    level,
    ...(status === undefined ? {} : { status }),
    tags,
    file: where.file,
    line: where.line,
    type,
    rules,
    groupBy,
    timespan: String(timespan).trim(),
    timespanMs: span.ms,
    condition: condition.condition,
    aliases,
    generate,
    summary: {
      id,
      title,
      level,
      ...(status === undefined ? {} : { status }),
      tags,
      logsource: {},
      file: where.file,
      ...(name === undefined ? {} : { name }),
    },
  };
}

/** Checks one YAML document with a `correlation:` section; every invalid shape becomes a problem. */
export function parseCorrelation(doc: unknown, where: Where): ParseCorrelationResult {
  try {
    return { ok: true, correlation: build(doc, where) };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    const map = isMap(doc) ? doc : {};
    const id = own(map, 'id');
    const title = own(map, 'title');
    const problem: RuleProblem = {
      file: where.file,
      line: where.line,
      reason: error.message,
      ...(typeof id === 'string' ? { ruleId: id } : {}),
      ...(typeof title === 'string' ? { title } : {}),
    };
    return { ok: false, problem };
  }
}
