import { describe, expect, it } from 'vitest';
import { testCatalog } from './catalog.testkit.js';

describe('memory rule catalog', () => {
  const catalog = testCatalog();
  const ids = (filter: Parameters<typeof catalog.list>[0]) => catalog.list(filter).rules.map((r) => r.id);
  const page = { limit: 50, offset: 0 };

  it('lists rules by title and filters by text, level and logsource case-insensitively', () => {
    expect(ids(page)).toEqual(['rule-vss', 'rule-ssh', 'rule-encoded-ps']);
    expect(ids({ ...page, q: 'T1059' })).toEqual(['rule-encoded-ps']);
    expect(ids({ ...page, level: 'critical' })).toEqual(['rule-vss']);
    expect(ids({ ...page, product: 'LINUX', service: 'sshd' })).toEqual(['rule-ssh']);
    expect(ids({ ...page, category: 'process_creation', product: 'windows' })).toHaveLength(2);
  });

  it('pages with a total of all matches, and lists without detail fields', () => {
    expect(catalog.list({ limit: 1, offset: 1 })).toEqual({
      rules: [expect.objectContaining({ id: 'rule-ssh', kind: 'correlation' })],
      total: 3,
    });
    expect(catalog.list(page).rules[0]).not.toHaveProperty('description');
  });

  it('finds a rule with its source and reports problems', () => {
    expect(catalog.get('rule-vss')?.source).toContain('title: Shadow Copy Deletion');
    expect(catalog.get('nope')).toBeUndefined();
    expect(catalog.problems()).toHaveLength(1);
  });
});
