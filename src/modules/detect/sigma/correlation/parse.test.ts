import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { definition } from './correlation.testkit.js';
import { parseCorrelation } from './parse.js';

const where = { file: 'rules/mr_brute.yml', line: 12 };

function problem(yamlText: string): string {
  const result = parseCorrelation(parse(yamlText), where);
  if (result.ok) throw new Error('expected a problem');
  expect(result.problem.file).toBe(where.file);
  expect(result.problem.line).toBe(where.line);
  return result.problem.reason;
}

const base = `
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
  type: event_count
  rules: [failed_login]
  group-by: [ComputerName]
  timespan: 1h
  condition: { gte: 100 }
`;

describe('parseCorrelation', () => {
  it('reads an event_count correlation with the spec defaults', () => {
    const def = definition(base);
    expect(def).toMatchObject({
      id: '0e95725d-7320-415d-80f7-004da920fc11',
      title: 'Many failed logins',
      type: 'event_count',
      rules: ['failed_login'],
      groupBy: ['ComputerName'],
      timespan: '1h',
      timespanMs: 3_600_000,
      condition: { gte: 100 },
      generate: false,
      level: 'medium',
      tags: [],
      aliases: {},
    });
    expect(def.summary).toEqual({
      id: def.id,
      title: def.title,
      level: 'medium',
      tags: [],
      logsource: {},
      file: 'rules/test.yml',
    });
  });

  it('reads name, level, status, tags and generate', () => {
    const def = definition(`
title: t
name: brute
level: high
status: test
tags: [attack.t1110]
generate: true
correlation: { type: event_count, rules: [a], timespan: 5m, condition: { gt: 3 } }
`);
    expect(def).toMatchObject({ name: 'brute', level: 'high', status: 'test', tags: ['attack.t1110'] });
    expect(def.generate).toBe(true);
    expect(def.summary.name).toBe('brute');
    expect(def.groupBy).toEqual([]);
  });

  it('derives a stable id from file and name when none is declared', () => {
    const text = 'title: t\nname: n\ncorrelation: { type: temporal, rules: [a, b], timespan: 1m }';
    const a = definition(text, 'x.yml');
    expect(a.id).toBe(definition(text, 'x.yml', 99).id);
    expect(a.id).not.toBe(definition(text, 'y.yml').id);
    expect(a.declaredId).toBeUndefined();
  });

  it('makes temporal types require every rule unless a condition says otherwise', () => {
    const all = definition(
      'title: t\ncorrelation: { type: temporal_ordered, rules: [a, b, c], timespan: 1m }',
    );
    expect(all.condition).toEqual({ gte: 3 });
    const some = definition(
      'title: t\ncorrelation: { type: temporal, rules: [a, b, c], timespan: 1m, condition: { gte: 2 } }',
    );
    expect(some.condition).toEqual({ gte: 2 });
  });

  it('reads value_* conditions with their field, and a percentile defaulting to the median', () => {
    const count = definition(`
title: t
correlation: { type: value_count, rules: [a], group-by: [Host], timespan: 1d, condition: { field: [User, Domain], gt: 10, lte: 20 } }
`);
    expect(count.condition).toEqual({ field: ['User', 'Domain'], gt: 10, lte: 20 });
    const median = definition(
      'title: t\ncorrelation: { type: value_percentile, rules: [a], timespan: 1h, condition: { field: x, gt: 5 } }',
    );
    expect(median.condition).toEqual({ field: ['x'], gt: 5, percentile: 50 });
    const p95 = definition(
      'title: t\ncorrelation: { type: value_percentile, rules: [a], timespan: 1h, condition: { field: x, percentile: 95, lt: 1.5 } }',
    );
    expect(p95.condition).toEqual({ field: ['x'], percentile: 95, lt: 1.5 });
  });

  it('reads aliases and a single group-by name', () => {
    const def = definition(`
title: t
correlation:
  type: temporal
  rules: [internal_error, new_network_connection]
  group-by: internal_ip
  timespan: 10s
  aliases:
    internal_ip: { internal_error: destination.ip, new_network_connection: source.ip }
`);
    expect(def.groupBy).toEqual(['internal_ip']);
    expect(def.aliases).toEqual({
      internal_ip: { internal_error: 'destination.ip', new_network_connection: 'source.ip' },
    });
  });

  it.each([
    ['a list', '- a\n- b', 'must be a YAML map'],
    ['no title', 'correlation: { type: temporal, rules: [a], timespan: 1m }', 'title is missing'],
    ['a long title', `title: ${'x'.repeat(257)}\ncorrelation: {}`, 'longer than 256'],
    ['no correlation section', 'title: t', 'correlation section is missing'],
    ['a bad level', 'title: t\nlevel: severe\ncorrelation: {}', 'level must be one of'],
    ['a bad status', 'title: t\nstatus: done\ncorrelation: {}', 'status must be one of'],
    ['an empty id', "title: t\nid: ''\ncorrelation: {}", 'id must be a non-empty string'],
    ['tags that are not a list', 'title: t\ntags: x\ncorrelation: {}', 'tags must be a list'],
  ])('reports %s', (_label, text, reason) => {
    expect(problem(text)).toContain(reason);
  });

  it.each([
    [
      'an unknown type',
      '{ type: event_sum, rules: [a], timespan: 1m, condition: { gt: 1 } }',
      'type must be one of',
    ],
    ['no rules', '{ type: event_count, timespan: 1m, condition: { gt: 1 } }', 'rules must be a list'],
    ['empty rules', '{ type: event_count, rules: [], timespan: 1m, condition: { gt: 1 } }', 'at least one'],
    ['a repeated rule', '{ type: temporal, rules: [a, a], timespan: 1m }', "lists 'a' twice"],
    ['a non-text rule', '{ type: temporal, rules: [a, 3], timespan: 1m }', 'non-empty names'],
    ['no timespan', '{ type: temporal, rules: [a] }', 'timespan must be a string'],
    ['a bad timespan', '{ type: temporal, rules: [a], timespan: 1 hour }', 'is not a number followed'],
    ['a zero timespan', '{ type: temporal, rules: [a], timespan: 0s }', 'longer than zero'],
    ['no condition', '{ type: event_count, rules: [a], timespan: 1m }', 'event_count needs a condition'],
    ['a condition list', '{ type: event_count, rules: [a], timespan: 1m, condition: [1] }', 'must be a map'],
    ['no operator', '{ type: event_count, rules: [a], timespan: 1m, condition: {} }', 'needs one of gt'],
    [
      'a text threshold',
      "{ type: event_count, rules: [a], timespan: 1m, condition: { gt: '5' } }",
      'gt must be a number',
    ],
    [
      'an unknown operator',
      '{ type: event_count, rules: [a], timespan: 1m, condition: { gtee: 5 } }',
      "unknown key 'gtee'",
    ],
    [
      'a field on event_count',
      '{ type: event_count, rules: [a], timespan: 1m, condition: { gt: 5, field: x } }',
      'not used by event_count',
    ],
    [
      'value_count without field',
      '{ type: value_count, rules: [a], timespan: 1m, condition: { gt: 5 } }',
      'needs condition.field',
    ],
    [
      'a field list on value_sum',
      '{ type: value_sum, rules: [a], timespan: 1m, condition: { gt: 5, field: [x, y] } }',
      'single field',
    ],
    [
      'an empty field',
      "{ type: value_avg, rules: [a], timespan: 1m, condition: { gt: 5, field: '' } }",
      'non-empty field names',
    ],
    [
      'a percentile elsewhere',
      '{ type: value_avg, rules: [a], timespan: 1m, condition: { gt: 5, field: x, percentile: 5 } }',
      'not used by value_avg',
    ],
    [
      'a percentile over 100',
      '{ type: value_percentile, rules: [a], timespan: 1m, condition: { gt: 5, field: x, percentile: 101 } }',
      'from 0 to 100',
    ],
    [
      'an impossible range',
      '{ type: event_count, rules: [a], timespan: 1m, condition: { gt: 10, lt: 5 } }',
      'can never hold',
    ],
    [
      'an empty strict range',
      '{ type: event_count, rules: [a], timespan: 1m, condition: { gt: 5, lte: 5 } }',
      'can never hold',
    ],
    ['a misspelt key', '{ type: temporal, rules: [a], timespan: 1m, groupby: [x] }', "unknown key 'groupby'"],
    [
      'a group-by number',
      '{ type: temporal, rules: [a], timespan: 1m, group-by: [1] }',
      'group-by must be a list',
    ],
    ['aliases as a list', '{ type: temporal, rules: [a], timespan: 1m, aliases: [x] }', 'aliases must map'],
    [
      'an alias to nothing',
      '{ type: temporal, rules: [a], timespan: 1m, aliases: { ip: {} } }',
      'aliases.ip must map',
    ],
    [
      'an alias to a number',
      '{ type: temporal, rules: [a], timespan: 1m, aliases: { ip: { a: 1 } } }',
      'aliases.ip.a must be',
    ],
    [
      'generate as text',
      '{ type: temporal, rules: [a], timespan: 1m, generate: yes }',
      'generate must be true or false',
    ],
  ])('reports %s in the correlation section', (_label, section, reason) => {
    expect(problem(`title: t\nid: c1\ncorrelation: ${section}`)).toContain(reason);
  });

  it('names the rule and title in a problem when it can', () => {
    const result = parseCorrelation(parse('title: Brute\nid: c1\ncorrelation: { type: nope }'), where);
    expect(result).toEqual({
      ok: false,
      problem: { file: where.file, line: 12, reason: expect.any(String), ruleId: 'c1', title: 'Brute' },
    });
  });
});
