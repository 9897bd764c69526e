import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { parseManifest } from './bulk-manifest.js';

const BASE = 'https://ehr.example/bulk/status/1';

describe('parseManifest', () => {
  it('reads a complete manifest and resolves relative file URLs', () => {
    const manifest = parseManifest(
      {
        transactionTime: '2026-11-26T08:00:00.123Z',
        request: 'https://ehr.example/fhir/$export',
        requiresAccessToken: true,
        output: [{ type: 'Patient', url: '/files/p.ndjson', count: 3 }],
        error: [],
      },
      BASE,
    );
    expect(manifest.output).toEqual([
      { type: 'Patient', url: 'https://ehr.example/files/p.ndjson', count: 3 },
    ]);
    expect(manifest.transactionTime).toBe('2026-11-26T08:00:00.123Z');
  });

  it('refuses manifests without a transaction time or with broken entries', () => {
    for (const body of [
      null,
      [],
      { requiresAccessToken: true, output: [] },
      { transactionTime: 'yesterday', requiresAccessToken: true },
      { transactionTime: '2026-11-26T08:00:00Z', output: [] },
      { transactionTime: '2026-11-26T08:00:00Z', requiresAccessToken: true, output: [{ url: 'x' }] },
      { transactionTime: '2026-11-26T08:00:00Z', requiresAccessToken: true, output: 'x' },
    ]) {
      const error = (() => {
        try {
          return parseManifest(body, BASE);
        } catch (e) {
          return e;
        }
      })();
      expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_PROTOCOL');
    }
  });

  it('either parses or refuses with its own error, for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          const manifest = parseManifest(body, BASE);
          expect(Array.isArray(manifest.output)).toBe(true);
        } catch (error) {
          expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_PROTOCOL');
        }
      }),
    );
  });
});
