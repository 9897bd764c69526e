import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { sentinelConfigSchema } from './config.js';

describe('sentinel configuration', () => {
  it('defaults to no shares, automatic mode and weekly canary renewal', () => {
    const config = sentinelConfigSchema.parse({});
    expect(config).toMatchObject({ shares: [], mode: 'auto', canaries: { renew: '17 3 * * 0' } });
    const share = sentinelConfigSchema.parse({ shares: [{ path: '/srv/share' }] }).shares[0];
    expect(share?.actions).toEqual(['suspend']);
  });

  it('refuses a relative path, a script action without a script, a webhook without a URL and a twice-listed share', () => {
    for (const shares of [
      [{ path: 'srv/share' }],
      [{ path: '/srv/a', actions: ['script'] }],
      [{ path: '/srv/a', actions: ['webhook'] }],
      [{ path: '/srv/a', actions: [] }],
      [{ path: '/srv/a' }, { path: '/srv/a' }],
      [{ path: '/srv/a', actions: ['format-disk'] }],
    ]) {
      expect(sentinelConfigSchema.safeParse({ shares }).success).toBe(false);
    }
    expect(
      sentinelConfigSchema.safeParse({
        shares: [
          { path: '/srv/a', actions: ['suspend', 'webhook'], webhook: { url: 'https://soc.example/hook' } },
        ],
      }).success,
    ).toBe(true);
  });

  it('answers any input with a parsed slice or a validation error, never anything else', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        try {
          sentinelConfigSchema.parse({ shares: [input] });
          sentinelConfigSchema.parse(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ZodError);
        }
      }),
    );
  });
});
