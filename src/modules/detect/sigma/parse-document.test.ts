import { describe, expect, it } from 'vitest';
import { parseSigmaDocument, type ParsedDocument } from './parse-document.js';
import { splitYamlDocuments } from './yaml-documents.js';

function parseAll(text: string, placeholders = {}): { parsed: ParsedDocument[]; yamlProblems: string[] } {
  const split = splitYamlDocuments('rules.yml', text);
  return {
    parsed: split.documents.map((doc) => parseSigmaDocument(doc, placeholders)),
    yamlProblems: split.problems.map((p) => `${p.line}: ${p.reason}`),
  };
}

const RULE = `title: Whoami
id: 11111111-1111-4111-8111-111111111111
name: whoami_run
status: test
description: Finds whoami
author: Someone, Someone Else
references:
  - https://example.org
date: 2024-01-01
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
fields:
  - CommandLine
falsepositives:
  - Admins
level: HIGH
tags:
  - attack.discovery
`;

describe('reading a Sigma document', () => {
  it('reads every part of the rule model', () => {
    const [doc] = parseAll(RULE).parsed;
    expect(doc?.kind).toBe('rule');
    if (doc?.kind !== 'rule') return;
    const { rule } = doc;
    expect(rule).toMatchObject({
      id: '11111111-1111-4111-8111-111111111111',
      hasOwnId: true,
      name: 'whoami_run',
      title: 'Whoami',
      status: 'test',
      level: 'high',
      description: 'Finds whoami',
      author: 'Someone, Someone Else',
      references: ['https://example.org'],
      falsepositives: ['Admins'],
      tags: ['attack.discovery'],
      fields: ['CommandLine'],
      logsource: { product: 'windows', category: 'process_creation' },
      file: 'rules.yml',
      line: 1,
    });
    expect([...rule.detection.searches.keys()]).toEqual(['selection']);
    expect(rule.text).toBe(RULE.trimEnd());
  });

  it('splits multi-document files and keeps each document its own line and text', () => {
    const text = `${RULE}---\n# second\n${RULE.replace('1111-4111', '2222-4222')}`;
    const { parsed } = parseAll(text);
    expect(parsed.map((p) => p.kind)).toEqual(['rule', 'rule']);
    const second = parsed[1];
    if (second?.kind !== 'rule') throw new Error('second document is not a rule');
    expect(second.rule.line).toBe(RULE.split('\n').length + 2);
    expect(second.rule.text.startsWith('# second\ntitle: Whoami')).toBe(true);
  });

  it('derives a stable id when the rule has none', () => {
    const text = RULE.replace(/^id: .*\n/m, '');
    const [a] = parseAll(text).parsed;
    const [b] = parseAll(text).parsed;
    if (a?.kind !== 'rule' || b?.kind !== 'rule') throw new Error('not a rule');
    expect(a.rule.hasOwnId).toBe(false);
    expect(a.rule.id).toMatch(/^sha256-[0-9a-f]{24}$/);
    expect(a.rule.id).toBe(b.rule.id);
  });

  it('assumes medium when the level is missing, and refuses unknown levels', () => {
    const [missing] = parseAll(RULE.replace('level: HIGH\n', '')).parsed;
    expect(missing?.kind === 'rule' && missing.rule.level).toBe('medium');
    const [unknown] = parseAll(RULE.replace('level: HIGH', 'level: severe')).parsed;
    expect(unknown?.kind === 'problem' && unknown.problem.reason).toMatch(/unknown level "severe"/);
  });

  it('hands correlation documents over untouched', () => {
    const text = 'title: Many\ncorrelation:\n  type: event_count\n  rules: [whoami_run]\n';
    const [doc] = parseAll(text).parsed;
    expect(doc).toMatchObject({ kind: 'correlation', file: 'rules.yml', line: 1 });
    expect(doc?.kind === 'correlation' && doc.doc).toMatchObject({ correlation: { type: 'event_count' } });
  });

  it('reads meta filters', () => {
    const text = `title: Admins
logsource: { product: windows, category: process_creation }
filter:
  rules: [whoami_run, 22222222-2222-4222-8222-222222222222]
  selection:
    User|startswith: 'adm_'
  condition: selection
`;
    const [doc] = parseAll(text).parsed;
    expect(doc?.kind).toBe('filter');
    if (doc?.kind !== 'filter') return;
    expect(doc.filter.rules).toEqual(['whoami_run', '22222222-2222-4222-8222-222222222222']);
    expect([...doc.filter.detection.searches.keys()]).toEqual(['selection']);
  });

  it('points every problem at the line that caused it', () => {
    const cases: [string, number, RegExp][] = [
      [RULE.replace('Image|endswith', 'Image|endwith'), 15, /unknown modifier "endwith"/],
      [
        RULE.replace('condition: selection', 'condition: selection and other'),
        16,
        /unknown search identifier "other"/,
      ],
      [RULE.replace('title: Whoami\n', ''), 1, /no title/],
      [RULE.replace(/logsource:\n(.*\n){2}/, ''), 1, /no logsource/],
      [RULE.replace('  condition: selection\n', ''), 13, /no condition/],
      ['title: x\nlogsource: {}\ndetection:\n  sel: []\n  condition: sel\n', 4, /empty list/],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a: {b: 1}\n  condition: sel\n',
        5,
        /cannot be a map/,
      ],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a: [x, null]\n  condition: sel\n',
        5,
        /null cannot be part of a list/,
      ],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a|re: "(a+)+$"\n  condition: sel\n',
        5,
        /catastrophic/,
      ],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a|re: "(?<"\n  condition: sel\n',
        5,
        /invalid regular expression/,
      ],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a|cidr: 10.0.0.0/40\n  condition: sel\n',
        5,
        /not an IPv4 or IPv6 network/,
      ],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a|contains|all: x\n  condition: sel\n',
        5,
        /at least two values/,
      ],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a|exists: yes\n  condition: sel\n',
        5,
        /single true or false/,
      ],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a|contains|base64: x\n  condition: sel\n',
        5,
        /cannot encode a value with wildcards/,
      ],
      ['title: x\nlogsource: {}\ndetection:\n  sel:\n    a|gt: many\n  condition: sel\n', 5, /not a number/],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a|hour: 24\n  condition: sel\n',
        5,
        /not a valid hour/,
      ],
      [
        'title: x\nlogsource: {}\ndetection:\n  sel:\n    a|expand: "%nope%"\n  condition: sel\n',
        5,
        /placeholder %nope% has no configured values/,
      ],
      ['action: global\ntitle: x\n', 1, /Sigma 1/],
      ['- just\n- a list\n', 1, /must be a map/],
    ];
    for (const [text, line, reason] of cases) {
      const { parsed } = parseAll(text);
      const [doc] = parsed;
      expect(doc?.kind, String(reason)).toBe('problem');
      if (doc?.kind !== 'problem') continue;
      expect(doc.problem.reason, String(reason)).toMatch(reason);
      expect(doc.problem.line, String(reason)).toBe(line);
      expect(doc.problem.file).toBe('rules.yml');
    }
  });

  it('names the rule in its problem', () => {
    const [doc] = parseAll(RULE.replace('condition: selection', 'condition: nope')).parsed;
    expect(doc).toMatchObject({
      kind: 'problem',
      problem: { ruleId: '11111111-1111-4111-8111-111111111111', title: 'Whoami' },
    });
  });

  it('reports YAML syntax errors with their line and skips empty documents', () => {
    const { parsed, yamlProblems } = parseAll(`${RULE}---\ntitle: [unclosed\n---\n# only a comment\n`);
    expect(parsed).toHaveLength(1);
    expect(yamlProblems).toHaveLength(1);
    expect(yamlProblems[0]).toMatch(/^2\d: YAML syntax error/);
  });

  it('reports aliases to unknown anchors as a problem', () => {
    const [doc] = parseAll('title: x\nlogsource: {}\ndetection:\n  sel: *nowhere\n  condition: sel\n').parsed;
    expect(doc?.kind === 'problem' && doc.problem.reason).toMatch(/YAML cannot be read: Unresolved alias/);
  });

  it('refuses duplicate keys', () => {
    const { yamlProblems } = parseAll('title: a\ntitle: b\n');
    expect(yamlProblems[0]).toMatch(/YAML syntax error: Map keys must be unique/);
  });

  it('follows anchors and aliases inside the detection', () => {
    const text = `title: x
logsource: {}
detection:
  sel: &shared
    a: [one, two]
  again: *shared
  condition: sel and again
`;
    const [doc] = parseAll(text).parsed;
    expect(doc?.kind).toBe('rule');
  });
});
