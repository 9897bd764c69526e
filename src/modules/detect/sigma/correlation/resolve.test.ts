import { describe, expect, it } from 'vitest';
import { definition, rule } from './correlation.testkit.js';
import { resolveCorrelations } from './resolve.js';

const failed = rule('53ba33fd-3a50-4468-a5ef-c583635cfa92', 'failed_login');
const success = rule('4d0a2c83-c62c-4ed4-b475-c7e23a9269b8', 'successful_login');

function corr(id: string, refs: readonly string[], extra = ''): string {
  return `title: ${id}\nid: ${id}\nname: ${id}_name\n${extra}\ncorrelation: { type: temporal, rules: [${refs.join(', ')}], group-by: [User], timespan: 1m }`;
}

function reasons(defs: readonly string[], rules = [failed, success]): string[] {
  return resolveCorrelations(
    defs.map((d) => definition(d)),
    rules,
  ).problems.map((p) => `${p.ruleId}: ${p.reason}`);
}

describe('resolveCorrelations', () => {
  it('links references by rule name or id and by correlation name or id', () => {
    const resolved = resolveCorrelations(
      [definition(corr('outer', ['inner_name', success.id])), definition(corr('inner', ['failed_login']))],
      [failed, success],
    );
    expect(resolved.problems).toEqual([]);
    expect(resolved.correlations.map((c) => c.definition.id)).toEqual(['inner', 'outer']);
    expect(resolved.correlations[1]!.refs).toEqual([
      { ref: 'inner_name', target: 'inner', kind: 'correlation', aliasFields: {} },
      { ref: success.id, target: success.id, kind: 'rule', aliasFields: {} },
    ]);
  });

  it('reports references that name nothing, or more than one thing', () => {
    expect(reasons([corr('c1', ['nope'])])).toEqual(["c1: 'nope' names no loaded rule or correlation"]);
    const twin = rule('other-id', 'failed_login');
    expect(reasons([corr('c1', ['failed_login'])], [failed, twin])[0]).toContain(
      "'failed_login' is ambiguous",
    );
    expect(reasons([corr('c1', ['failed_login', failed.id])])[0]).toContain('already listed');
  });

  it('reports duplicate ids and ids taken by detection rules, keeping the first', () => {
    const resolved = resolveCorrelations(
      [definition(corr('c1', ['failed_login'])), definition(corr('c1', ['successful_login']))],
      [failed, success],
    );
    expect(resolved.correlations.map((c) => c.definition.rules)).toEqual([['failed_login']]);
    expect(resolved.problems.map((p) => p.reason)).toEqual(["another correlation has the id 'c1'"]);
    expect(reasons([corr(failed.id, ['successful_login'])])[0]).toContain('a detection rule has the id');
  });

  it('links aliases keyed by rule name or id, and refuses aliases for rules not referenced', () => {
    const resolved = resolveCorrelations(
      [
        definition(`
title: t
id: c1
correlation:
  type: temporal
  rules: [failed_login, ${success.id}]
  group-by: [ip]
  timespan: 1m
  aliases: { ip: { failed_login: src, successful_login: dst } }
`),
      ],
      [failed, success],
    );
    expect(resolved.problems).toEqual([]);
    expect(resolved.correlations[0]!.refs.map((r) => r.aliasFields)).toEqual([{ ip: 'src' }, { ip: 'dst' }]);
    const stray = `title: t\nid: c2\ncorrelation: { type: temporal, rules: [failed_login], timespan: 1m, aliases: { ip: { successful_login: x } } }`;
    expect(reasons([stray])[0]).toContain(
      "names 'successful_login', which is not one of the correlation's rules",
    );
    const twice = `title: t\nid: c3\ncorrelation: { type: temporal, rules: [failed_login], timespan: 1m, aliases: { ip: { failed_login: x, ${failed.id}: y } } }`;
    expect(reasons([twice])[0]).toContain('two fields');
  });

  it('reports cycles, including a correlation naming itself, and everything that depends on them', () => {
    const problems = reasons([
      corr('a', ['b', 'failed_login']),
      corr('b', ['a']),
      corr('self', ['self_name']),
      corr('downstream', ['a_name']),
      corr('fine', ['successful_login']),
    ]);
    expect(problems).toEqual([
      'a: correlations refer to each other in a cycle: a → b → a',
      'b: correlations refer to each other in a cycle: a → b → a',
      'self: correlations refer to each other in a cycle: self → self',
      "downstream: it depends on correlation 'a', which did not load",
    ]);
  });

  it('drops a correlation whose upstream correlation failed to link', () => {
    const resolved = resolveCorrelations(
      [
        definition(corr('top', ['mid'])),
        definition(corr('mid', ['bottom'])),
        definition(corr('bottom', ['x'])),
      ],
      [failed],
    );
    expect(resolved.correlations).toEqual([]);
    expect(resolved.problems.map((p) => p.ruleId).sort()).toEqual(['bottom', 'mid', 'top']);
  });

  it('suppresses the alerts of referenced rules and correlations unless a correlation generates them', () => {
    const quiet = resolveCorrelations(
      [definition(corr('outer', ['inner', 'successful_login'])), definition(corr('inner', ['failed_login']))],
      [failed, success],
    );
    expect([...quiet.suppressedRuleIds].sort()).toEqual([failed.id, success.id, 'inner'].sort());

    const loud = resolveCorrelations(
      [
        definition(corr('outer', ['inner', 'successful_login'], 'generate: true')),
        definition(corr('inner', ['failed_login'])),
      ],
      [failed, success],
    );
    expect([...loud.suppressedRuleIds]).toEqual([failed.id]);
  });

  it('keeps a rule alerting when any correlation referring to it generates it', () => {
    const resolved = resolveCorrelations(
      [definition(corr('c1', ['failed_login'])), definition(corr('c2', ['failed_login'], 'generate: true'))],
      [failed],
    );
    expect(resolved.suppressedRuleIds.size).toBe(0);
  });

  it('does not suppress rules referenced only by correlations that failed to load', () => {
    const resolved = resolveCorrelations([definition(corr('c1', ['failed_login', 'missing']))], [failed]);
    expect(resolved.suppressedRuleIds.size).toBe(0);
    expect(resolved.correlations).toEqual([]);
  });
});
