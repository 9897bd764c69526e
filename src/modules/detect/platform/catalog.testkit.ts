import type { RuleDetail } from './catalog.js';
import { MemoryRuleCatalog } from './memory-catalog.js';

function rule(overrides: Partial<RuleDetail> & Pick<RuleDetail, 'id' | 'title'>): RuleDetail {
  return {
    level: 'high',
    status: 'test',
    tags: [],
    logsource: { product: 'windows', category: 'process_creation' },
    file: `rules/windows/${overrides.id}.yml`,
    kind: 'rule',
    description: null,
    author: null,
    references: [],
    falsepositives: [],
    ...overrides,
  };
}

export const CATALOG_RULES: RuleDetail[] = [
  rule({
    id: 'rule-encoded-ps',
    title: 'Suspicious Encoded PowerShell',
    tags: ['attack.execution', 'attack.t1059.001'],
    description: 'Encoded command lines hide what PowerShell runs.',
    author: 'Lifeline tests',
    references: ['https://attack.mitre.org/techniques/T1059/001/'],
    falsepositives: ['Administrative scripts'],
  }),
  rule({ id: 'rule-vss', title: 'Shadow Copy Deletion', level: 'critical', tags: ['attack.t1490'] }),
  rule({
    id: 'rule-ssh',
    title: 'SSH Brute Force',
    level: 'medium',
    logsource: { product: 'linux', service: 'sshd' },
    kind: 'correlation',
  }),
];

/** A small catalog: three rules and one file that failed to load. */
export function testCatalog(): MemoryRuleCatalog {
  return new MemoryRuleCatalog(
    CATALOG_RULES.map((r) => ({ rule: r, source: `title: ${r.title}\nid: ${r.id}\n` })),
    [{ file: 'rules/broken.yml', line: 7, reason: 'unknown modifier |bogus', ruleId: 'rule-broken' }],
  );
}
