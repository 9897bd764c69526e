import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { compileRules } from './compile-rules.js';
import { rule } from './engine.testkit.js';

const loaded = compileRules([
  {
    file: 'r.yml',
    text: [
      rule(`sel:\n  Image|endswith: '\\psexec.exe'\ncondition: sel`, { id: 'psexec' }),
      rule(`sel:\n  Image|contains: 'exec'\ncondition: sel`, { id: 'exec' }),
    ].join('\n---\n'),
  },
]);

describe('runtime exclusions', () => {
  const matcher = loaded.withExclusions([
    { ruleId: 'psexec', fields: { Computer: 'ADMIN-WS01', User: 'it\\admin' } },
    { ruleId: 'psexec', fields: { ParentImage: 'C:\\deploy\\agent.exe' } },
  ]);
  const ids = (fields: Record<string, string | string[]>): string[] => matcher.match(fields).map((r) => r.id);

  it('suppresses a rule when every listed field equals its value, ignoring case', () => {
    expect(ids({ Image: 'C:\\psexec.exe', Computer: 'admin-ws01', User: 'IT\\Admin' })).toEqual(['exec']);
    expect(ids({ Image: 'C:\\psexec.exe', ParentImage: 'c:\\deploy\\AGENT.exe' })).toEqual(['exec']);
    expect(ids({ Image: 'C:\\psexec.exe', Computer: 'admin-ws01', User: ['x', 'it\\admin'] })).toEqual([
      'exec',
    ]);
  });

  it('keeps the rule when any listed field differs or is missing', () => {
    expect(ids({ Image: 'C:\\psexec.exe', Computer: 'admin-ws01' })).toEqual(['psexec', 'exec']);
    expect(ids({ Image: 'C:\\psexec.exe', Computer: 'admin-ws02', User: 'it\\admin' })).toEqual([
      'psexec',
      'exec',
    ]);
    expect(ids({ Image: 'C:\\psexec.exe', ParentImage: 'c:\\deploy\\agent.exe.bak' })).toEqual([
      'psexec',
      'exec',
    ]);
  });

  it('leaves the plain matcher untouched', () => {
    expect(
      loaded.matcher.match({ Image: 'C:\\psexec.exe', ParentImage: 'C:\\deploy\\agent.exe' }),
    ).toHaveLength(2);
  });

  it('refuses an exclusion without fields, which would silence the rule entirely', () => {
    let error: unknown;
    try {
      loaded.withExclusions([{ ruleId: 'psexec', fields: {} }]);
    } catch (e) {
      error = e;
    }
    expect(isLifelineError(error) && error.code).toBe('DETECT_EXCLUSION_INVALID');
  });
});
