import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackRef, isAttackTag } from './attack.js';

describe('ATT&CK tags', () => {
  it('links techniques and sub-techniques to their pages', () => {
    expect(attackRef('attack.t1490')).toEqual({
      label: 'T1490',
      url: 'https://attack.mitre.org/techniques/T1490/',
    });
    expect(attackRef('attack.t1059.001')).toEqual({
      label: 'T1059.001',
      url: 'https://attack.mitre.org/techniques/T1059/001/',
    });
    expect(attackRef('T1003.001').url).toBe('https://attack.mitre.org/techniques/T1003/001/');
  });

  it('links tactics by name or id, groups and software', () => {
    expect(attackRef('attack.impact').url).toBe('https://attack.mitre.org/tactics/TA0040/');
    expect(attackRef('attack.defense_evasion').url).toBe('https://attack.mitre.org/tactics/TA0005/');
    expect(attackRef('attack.ta0002').url).toBe('https://attack.mitre.org/tactics/TA0002/');
    expect(attackRef('attack.g0010').url).toBe('https://attack.mitre.org/groups/G0010/');
    expect(attackRef('attack.s0002').url).toBe('https://attack.mitre.org/software/S0002/');
  });

  it('leaves what ATT&CK does not know as plain text', () => {
    expect(attackRef('attack.t12')).toEqual({ label: 't12', url: null });
    expect(attackRef('cve.2021-44228')).toEqual({ label: 'cve.2021-44228', url: null });
    expect(isAttackTag('detection.threat-hunting')).toBe(false);
    expect(isAttackTag('attack.t1490')).toBe(true);
  });

  it('only ever links to attack.mitre.org, whatever the tag says', () => {
    fc.assert(
      fc.property(fc.string(), (tag) => {
        const { url } = attackRef(tag);
        if (url !== null)
          expect(url).toMatch(
            /^https:\/\/attack\.mitre\.org\/(techniques|tactics|groups|software)\/[A-Z0-9/]+\/$/,
          );
      }),
    );
  });
});
