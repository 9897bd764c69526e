import { describe, expect, it } from 'vitest';
import { generateDocumentationKey, signDocumentationBundle } from '../kit/index.js';
import { verifyExport } from './verify.js';

const key = generateDocumentationKey('doc-icu-verify');
const bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  identifier: { system: 'urn:lifeline:downtime-export', value: 'e7000000-0000-4000-8000-000000000001' },
  entry: [],
};
const options = { when: '2026-11-26T09:00:00Z', who: 'RN Smet' };

describe('checking who signed a downtime bundle', () => {
  it('names the key and, when the trust list knows it, the kit scope it was issued to', async () => {
    const signed = await signDocumentationBundle(bundle, key, options);
    const trusted = { keyId: key.keyId, publicKey: key.publicKey };
    await expect(verifyExport(signed, [{ ...trusted, scopeKey: 'unit:ICU' }])).resolves.toEqual({
      keyId: key.keyId,
      scope: 'unit:ICU',
    });
    await expect(verifyExport(signed, [trusted])).resolves.toEqual({ keyId: key.keyId, scope: null });
  });

  it('refuses a signature block that is not a Lifeline documentation signature', async () => {
    const signed = await signDocumentationBundle(bundle, key, options);
    const forged = { ...signed, signature: { ...(signed.signature as object), data: 'AAAA' } };
    await expect(
      verifyExport(forged, [{ keyId: key.keyId, publicKey: key.publicKey }]),
    ).rejects.toMatchObject({ code: 'CONTINUITY_RECONCILE_SIGNATURE_INVALID', status: 400 });
    await expect(verifyExport('{}', [])).rejects.toMatchObject({
      code: 'CONTINUITY_RECONCILE_BUNDLE_INVALID',
    });
  });
});
