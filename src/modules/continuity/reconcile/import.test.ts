import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../../kernel/db/testkit.js';
import type { FhirResource } from '../fhir/index.js';
import { generateDocumentationKey } from '../kit/index.js';
import { ADMIN, documentedEntries, exported, stateOf } from './reconcile.testkit.js';
import { type Queue, openQueue } from './world.testkit.js';

const EXPORT_ID = 'e3000000-0000-4000-8000-000000000001';

for (const engine of testEngines()) {
  describe(`refusing downtime bundles on ${engine.engine}`, () => {
    let queue: Queue;
    let signed: FhirResource;
    beforeAll(async () => {
      queue = await openQueue(engine);
      signed = await exported(stateOf(documentedEntries()), queue.documentationKey, EXPORT_ID);
    });
    afterAll(async () => {
      await queue.close();
    });

    const refusals: [string, (bundle: Record<string, any>) => unknown, string][] = [
      [
        'a changed value',
        (bundle) => {
          const pulse = bundle.entry.find((entry: any) => entry.resource.valueQuantity);
          pulse.resource.valueQuantity.value = 40;
          return bundle;
        },
        'CONTINUITY_RECONCILE_SIGNATURE_INVALID',
      ],
      [
        'a dropped entry',
        (bundle) => ({ ...bundle, entry: bundle.entry.slice(1) }),
        'CONTINUITY_RECONCILE_SIGNATURE_INVALID',
      ],
      ['no signature', ({ signature: _signature, ...bundle }) => bundle, 'CONTINUITY_RECONCILE_UNSIGNED'],
      ['no Bundle at all', () => ({ resourceType: 'Patient' }), 'CONTINUITY_RECONCILE_BUNDLE_INVALID'],
    ];

    for (const [what, tamper, code] of refusals) {
      it(`refuses ${what} with ${code} and stores nothing`, async () => {
        const bundle = tamper(structuredClone(signed) as Record<string, any>);
        await expect(queue.reconcile.importBundle(bundle, ADMIN)).rejects.toMatchObject({ code });
        expect(await queue.stored()).toBe(0);
      });
    }

    it('refuses a bundle signed with a key this server never issued, and audits the refusal', async () => {
      const foreign = generateDocumentationKey(queue.documentationKey.keyId);
      const bundle = await exported(stateOf(documentedEntries()), foreign, EXPORT_ID);
      await expect(queue.reconcile.importBundle(bundle, ADMIN)).rejects.toMatchObject({
        code: 'CONTINUITY_RECONCILE_SIGNATURE_INVALID',
      });
      const stranger = await exported(
        stateOf(documentedEntries()),
        generateDocumentationKey('doc-elsewhere'),
        EXPORT_ID,
      );
      await expect(queue.reconcile.importBundle(stranger, ADMIN)).rejects.toMatchObject({
        code: 'CONTINUITY_RECONCILE_SIGNER_UNTRUSTED',
        status: 403,
      });
      expect(await queue.stored()).toBe(0);
      const refused = await queue.audit.list({ action: 'continuity.reconcile.import', outcome: 'failure' });
      expect(refused[0]).toMatchObject({
        actor: 'admin',
        details: { code: 'CONTINUITY_RECONCILE_SIGNER_UNTRUSTED' },
      });
    });

    it('takes the untouched bundle in whole', async () => {
      const result = await queue.reconcile.importBundle(signed, ADMIN);
      expect(result).toMatchObject({ created: true, import: { items: 8, openings: 1, scope: 'unit:ICU' } });
      expect(await queue.stored()).toBe(1 + 8 + 1);
    });
  });
}
