import { describe, expect, it } from 'vitest';
import { compileRules } from './compile-rules.js';
import { rule } from './engine.testkit.js';

const RULE_A = rule(`sel:\n  Image|endswith: '\\rar.exe'\ncondition: sel`, { id: 'rule-a' });
const RULE_B = rule(`sel:\n  Image|endswith: '\\7z.exe'\ncondition: sel`, {
  id: 'rule-b',
  extra: 'name: seven_zip',
});
const RULE_NET = rule(`sel:\n  DestinationPort: 4444\ncondition: sel`, {
  id: 'rule-net',
  logsource: '{ product: windows, category: network_connection }',
});

const FILTER = `title: Filter admin accounts
id: filter-admins
logsource:
  product: windows
  category: process_creation
filter:
  rules:
    - rule-a
    - seven_zip
  selection:
    User|startswith: 'adm_'
  condition: selection
`;

describe('meta filters', () => {
  const loaded = compileRules([
    { file: 'rules.yml', text: [RULE_A, RULE_B, RULE_NET].join('\n---\n') },
    { file: 'filters/admins.yml', text: FILTER },
  ]);

  it('suppresses the named rules (by id or name) when the filter condition holds', () => {
    expect(loaded.problems).toEqual([]);
    const ids = (fields: Record<string, string>): string[] => loaded.matcher.match(fields).map((r) => r.id);
    expect(ids({ Image: 'C:\\rar.exe', User: 'jane' })).toEqual(['rule-a']);
    expect(ids({ Image: 'C:\\rar.exe', User: 'ADM_jane' })).toEqual([]);
    expect(ids({ Image: 'C:\\7z.exe', User: 'adm_jane' })).toEqual([]);
    expect(ids({ Image: 'C:\\7z.exe', User: 'bob' })).toEqual(['rule-b']);
  });

  it('lists the applied filters and their source', () => {
    expect(loaded.filters.map((f) => f.id)).toEqual(['filter-admins']);
    expect(loaded.source('filter-admins')).toMatchObject({ file: 'filters/admins.yml', line: 1 });
  });

  it('applies filters whichever file comes first', () => {
    const reversed = compileRules([
      { file: 'a-filter.yml', text: FILTER },
      { file: 'b-rules.yml', text: [RULE_A, RULE_B].join('\n---\n') },
    ]);
    expect(reversed.matcher.match({ Image: 'C:\\rar.exe', User: 'adm_x' })).toEqual([]);
  });

  it('reports rules the filter cannot apply to, and keeps those rules unfiltered', () => {
    const mismatch = FILTER.replace('- seven_zip', '- rule-net\n    - missing-rule');
    const result = compileRules([
      { file: 'rules.yml', text: [RULE_A, RULE_NET].join('\n---\n') },
      { file: 'filter.yml', text: mismatch },
    ]);
    expect(result.problems.map((p) => p.reason)).toEqual([
      'filter\'s logsource does not fit rule "rule-net" (product: windows, category: network_connection)',
      'filter names rule "missing-rule", which is not among the compiled rules',
    ]);
    expect(result.problems.every((p) => p.file === 'filter.yml' && p.ruleId === 'filter-admins')).toBe(true);
    expect(result.matcher.match({ DestinationPort: 4444, User: 'adm_x' }).map((r) => r.id)).toEqual([
      'rule-net',
    ]);
    expect(result.matcher.match({ Image: 'C:\\rar.exe', User: 'adm_x' })).toEqual([]);
  });

  it('reports filters that do not compile', () => {
    const broken = FILTER.replace('condition: selection', 'condition: selection and nothing');
    const result = compileRules([{ file: 'f.yml', text: broken }]);
    expect(result.problems).toEqual([
      {
        file: 'f.yml',
        line: 12,
        reason: 'condition refers to unknown search identifier "nothing"',
        ruleId: 'filter-admins',
        title: 'Filter admin accounts',
      },
    ]);
  });
});
