import { parse } from 'yaml';
import { expect } from 'vitest';
import type { CorrelationMatch, EventFields, RuleMatch, RuleSummary } from '../../types.js';
import { parseCorrelation } from './parse.js';
import { resolveCorrelations } from './resolve.js';
import type { CorrelationDefinition, ResolvedCorrelations } from './types.js';

export const T0 = Date.parse('2026-01-10T08:00:00.000Z');

/** ISO time `seconds` after T0. */
export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

export function rule(id: string, name?: string): RuleSummary {
  return {
    id,
    title: `rule ${id}`,
    level: 'low',
    tags: [],
    logsource: { product: 'windows' },
    ...(name === undefined ? {} : { name }),
  };
}

/** A match of `r` on an event with `fields` whose own time is `seconds` after T0. */
export function match(r: RuleSummary, seconds: number, fields: EventFields = {}): RuleMatch {
  return {
    rule: r,
    event: {
      fields,
      source: { kind: 'syslog-udp', name: 'dc01' },
      receivedAt: at(seconds + 1),
      time: at(seconds),
      raw: `${r.id}@${seconds}`,
    },
  };
}

export function definition(yamlText: string, file = 'rules/test.yml', line = 1): CorrelationDefinition {
  const result = parseCorrelation(parse(yamlText), { file, line });
  if (!result.ok) throw new Error(`test correlation did not parse: ${result.problem.reason}`);
  return result.correlation;
}

/** Parses and resolves; fails the test on any problem. */
export function load(yamlTexts: readonly string[], rules: readonly RuleSummary[]): ResolvedCorrelations {
  const resolved = resolveCorrelations(
    yamlTexts.map((text, i) => definition(text, 'rules/test.yml', i * 20 + 1)),
    rules,
  );
  expect(resolved.problems).toEqual([]);
  return resolved;
}

/** The parts of a fired correlation a test usually compares. */
export function brief(m: CorrelationMatch): { rule: string; group: Record<string, string>; value: number } {
  return { rule: m.rule.name ?? m.rule.id, group: { ...m.group }, value: m.value };
}
