import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../../kernel/corpora.testkit.js';
import { signDocumentationBundle, verifyDocumentationBundle } from './documentation-signature.js';
import { documentationPublicKey, generateDocumentationKey } from './signing-keys.js';

const key = generateDocumentationKey('doc-icu');
const trusted = [{ keyId: key.keyId, publicKey: key.publicKey }];
const bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  identifier: { system: 'urn:lifeline:downtime-export', value: '0b6f0c1e-1a1b-4c6e-9f00-2d1c3b4a5e6f' },
  timestamp: '2026-11-26T10:00:00Z',
  entry: [
    {
      fullUrl: 'urn:uuid:5f9d8a2e-0000-4000-8000-000000000001',
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: 'Patient/p1' },
        valueQuantity: { value: 88, unit: '/min' },
        note: [{ text: 'restless </script> at night' }],
      },
    },
  ],
};
const options = { when: '2026-11-26T10:00:00Z', who: 'Nurse on ICU' };
const asReceived = (signed: object) => JSON.parse(JSON.stringify(signed)) as typeof bundle;

describe('documentation bundle signatures', () => {
  it('signs in the agreed FHIR Signature shape and verifies after a file round trip', async () => {
    const signed = await signDocumentationBundle(bundle, key, options);
    expect(signed.signature).toMatchObject({
      type: [{ system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.5' }],
      when: options.when,
      who: {
        identifier: { system: 'urn:lifeline:kit-documentation-key', value: 'doc-icu' },
        display: options.who,
      },
      targetFormat: 'application/fhir+json',
      sigFormat: 'application/octet-stream',
    });
    await expect(verifyDocumentationBundle(asReceived(signed), trusted)).resolves.toEqual({
      keyId: 'doc-icu',
    });
    expect(documentationPublicKey(key)).toEqual(trusted[0]);
  });

  it('ignores properties that do not survive JSON, as the receiver never sees them', async () => {
    const signed = await signDocumentationBundle({ ...bundle, extra: undefined }, key, options);
    await expect(verifyDocumentationBundle(asReceived(signed), trusted)).resolves.toEqual({
      keyId: 'doc-icu',
    });
  });

  it('refuses any change to the documented content', async () => {
    const signed = asReceived(await signDocumentationBundle(bundle, key, options));
    const changedValue = structuredClone(signed);
    (changedValue.entry[0]!.resource.valueQuantity as { value: number }).value = 40;
    const addedEntry = structuredClone(signed);
    addedEntry.entry.push(structuredClone(signed.entry[0]!));
    const changedNote = structuredClone(signed);
    changedNote.entry[0]!.resource.note[0]!.text = 'calm at night';
    const changedTimestamp = { ...structuredClone(signed), timestamp: '2026-11-26T10:00:01Z' };
    for (const changed of [changedValue, addedEntry, changedNote, changedTimestamp]) {
      await expect(verifyDocumentationBundle(changed, trusted)).rejects.toMatchObject({
        code: 'CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID',
      });
    }
  });

  it('refuses a tampered signature, an unknown key id and a missing signature', async () => {
    const signed = asReceived(await signDocumentationBundle(bundle, key, options)) as typeof bundle & {
      signature: { data: string; who: { identifier: { value: string } } };
    };
    const data = Buffer.from(signed.signature.data, 'base64');
    data[0]! ^= 1;
    await expect(
      verifyDocumentationBundle(
        { ...signed, signature: { ...signed.signature, data: data.toString('base64') } },
        trusted,
      ),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID' });
    const otherId = structuredClone(signed);
    otherId.signature.who.identifier.value = 'doc-er';
    await expect(verifyDocumentationBundle(otherId, trusted)).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_DOCUMENTATION_SIGNER_UNTRUSTED',
    });
    await expect(verifyDocumentationBundle(bundle, trusted)).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_DOCUMENTATION_UNSIGNED',
    });
    const otherKey = generateDocumentationKey('doc-icu');
    await expect(
      verifyDocumentationBundle(signed, [{ keyId: 'doc-icu', publicKey: otherKey.publicKey }]),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID' });
  });

  it('refuses to sign or verify anything but a Bundle, and a key that is not a key', async () => {
    await expect(signDocumentationBundle({ resourceType: 'Patient' }, key, options)).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_DOCUMENTATION_INVALID',
    });
    await expect(verifyDocumentationBundle({ resourceType: 'Patient' }, trusted)).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_DOCUMENTATION_INVALID',
    });
    const circular: Record<string, unknown> = { resourceType: 'Bundle' };
    circular.self = circular;
    await expect(signDocumentationBundle(circular as typeof bundle, key, options)).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_DOCUMENTATION_INVALID',
    });
    await expect(
      signDocumentationBundle(bundle, { keyId: 'doc-icu', privateKeyPkcs8: 'AAAA' }, options),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_KEY_INVALID' });
  });
});

describe('documentation signatures over real FHIR bundles', () => {
  const ipsDir = corpusPath('fhir-ips', 'ig-build-output');
  const syntheaDir = corpusPath('synthea', 'bundles');

  it.skipIf(ipsDir === undefined || syntheaDir === undefined)(
    'verify after being written to a file and read back, and refuse a one-character change',
    async () => {
      const ips = (await readdir(ipsDir!))
        .filter((name) => /^Bundle-.*\.json$/.test(name))
        .map((n) => join(ipsDir!, n));
      const synthea = (await readdir(syntheaDir!))
        .filter((name) => name.endsWith('.json'))
        .slice(0, 3)
        .map((name) => join(syntheaDir!, name));
      expect(ips.length).toBeGreaterThan(0);
      let tampered = 0;
      for (const path of [...ips, ...synthea]) {
        const original = JSON.parse(await readFile(path, 'utf8')) as typeof bundle;
        const file = JSON.stringify(await signDocumentationBundle(original, key, options), null, 2);
        await expect(verifyDocumentationBundle(JSON.parse(file) as typeof bundle, trusted)).resolves.toEqual({
          keyId: 'doc-icu',
        });
        const changed = file.replace(/"resourceType": "Patient"/, '"resourceType": "Patient "');
        if (changed !== file) {
          tampered += 1;
          await expect(
            verifyDocumentationBundle(JSON.parse(changed) as typeof bundle, trusted),
          ).rejects.toMatchObject({
            code: 'CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID',
          });
        }
      }
      expect(tampered).toBeGreaterThan(0);
    },
  );
});
