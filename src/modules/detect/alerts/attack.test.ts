import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackTags } from './attack.js';

describe('attackTags', () => {
  it('names techniques, sub-techniques, groups and tactics the way ATT&CK writes them', () => {
    expect(
      attackTags(['attack.execution', 'attack.t1059.001', 'attack.T1218', 'attack.g0016', 'cve.2021-44228']),
    ).toEqual(['execution', 'T1059.001', 'T1218', 'G0016']);
  });

  it('ignores other namespaces, empty names and duplicates', () => {
    expect(attackTags(['detection.threat-hunting', 'attack.', 'attack.t1003', 'attack.T1003'])).toEqual([
      'T1003',
    ]);
  });

  it('never throws and only returns names taken from attack tags', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (tags) => {
        const result = attackTags(tags);
        expect(result.length).toBeLessThanOrEqual(tags.length);
        for (const name of result) expect(name.length).toBeGreaterThan(0);
      }),
    );
  });
});
