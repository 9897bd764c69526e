import { describe, expect, it } from 'vitest';
import { planModifiers } from './modifiers.js';
import { SigmaProblem } from './problem.js';

function reason(chain: string[]): string {
  try {
    planModifiers(chain);
  } catch (error) {
    if (error instanceof SigmaProblem) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('modifier chains', () => {
  it('accepts the chains rules use', () => {
    for (const chain of [
      ['contains'],
      ['contains', 'all'],
      ['contains', 'windash'],
      ['windash', 'contains'],
      ['base64offset', 'contains'],
      ['wide', 'base64offset', 'contains'],
      ['utf16le', 'base64'],
      ['re', 'i', 'm', 's'],
      ['cidr'],
      ['exists'],
      ['fieldref'],
      ['fieldref', 'neq'],
      ['hour', 'gte'],
      ['lt'],
      ['contains', 'expand'],
      ['startswith', 'cased'],
      ['neq'],
    ]) {
      expect(reason(chain), chain.join('|')).toBe('accepted');
    }
  });

  it('plans what the chain says', () => {
    const plan = planModifiers(['wide', 'base64offset', 'contains', 'cased']);
    expect(plan.kind).toBe('pattern');
    expect(plan.transforms).toEqual(['utf16le', 'base64offset', 'contains']);
    expect(plan.cased).toBe(true);
    expect(planModifiers(['re', 'i', 's']).regexFlags).toBe('is');
    expect(planModifiers(['hour', 'lt'])).toMatchObject({ kind: 'time', timePart: 'hour', op: 'lt' });
  });

  it('refuses unknown, empty and repeated modifiers', () => {
    expect(reason(['contain'])).toBe('unknown modifier "contain"');
    expect(reason([''])).toMatch(/empty modifier/);
    expect(reason(['contains', 'contains'])).toBe('modifier "contains" is given twice');
    expect(reason(['utf16le', 'wide'])).toBe('modifier "wide" is given twice');
  });

  it('refuses chains that contradict themselves', () => {
    expect(reason(['contains', 'startswith'])).toMatch(/cannot be combined/);
    expect(reason(['re', 'cidr'])).toMatch(/cannot be combined/);
    expect(reason(['re', 'contains'])).toMatch(/cannot be combined with "re"/);
    expect(reason(['exists', 'all'])).toMatch(/"exists" cannot be combined/);
    expect(reason(['cidr', 'base64'])).toMatch(/only applies to plain string values/);
    expect(reason(['lt', 'gt'])).toMatch(/cannot be combined/);
    expect(reason(['gt', 'cased'])).toMatch(/"cased" only applies to string comparisons/);
    expect(reason(['lt', 'neq'])).toMatch(/"neq" cannot be combined/);
    expect(reason(['neq', 'all'])).toMatch(/"all" cannot be added/);
    expect(reason(['hour', 'minute'])).toMatch(/cannot be combined/);
  });

  it('refuses modifiers out of order', () => {
    expect(reason(['i', 're'])).toBe('modifier "i" must follow "re"');
    expect(reason(['m'])).toBe('modifier "m" must follow "re"');
    expect(reason(['gte', 'hour'])).toBe('time modifier "hour" must come before "gte"');
  });
});
