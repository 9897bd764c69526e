import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifelineError } from '../../../kernel/errors.js';
import type { KitPayload } from '../types.js';
import { applyDelta } from './delta.js';
import { parseDeviceKeyFile } from './device-key-file.js';
import { verifyDocumentationBundle } from './documentation-signature.js';
import { readKitHeader } from './envelope.js';
import { KIT_HEADER_FIELDS } from './kit-header.js';
import { extractEnvelopes, readSigner } from './kit-html-read.js';
import { samplePatient, samplePayload, signerFixture, testDevice } from './kit.testkit.js';
import { openKit } from './open-kit.js';
import { sealKit } from './seal-kit.js';

const { signer, trusted } = signerFixture();
const base64url = fc.string({
  unit: fc.constantFrom(...'ABCxyz019-_'.split('')),
  minLength: 1,
  maxLength: 120,
});
const plainText = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 40 })
  .filter((text) => ![...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f));
const isoTime = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

async function onlyLifelineErrors(run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof LifelineError)) throw error;
  }
}

/** Strings that look more and more like envelopes, so the fuzzing reaches past the first JSON.parse. */
const envelopeLike = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .record({ protected: base64url, ciphertext: base64url, signature: base64url })
    .map((parts) => JSON.stringify(parts)),
  fc
    .record({
      header: fc.oneof(fc.jsonValue(), fc.constant({ signer: { keyId: 'k', publicKey: 'A'.repeat(43) } })),
      ciphertext: base64url,
    })
    .map(({ header, ciphertext }) =>
      JSON.stringify({
        protected: Buffer.from(JSON.stringify(header)).toString('base64url'),
        ciphertext,
        signature: 'A'.repeat(86),
      }),
    ),
);

describe('parsers of outside input only ever throw LifelineError', () => {
  it('openKit', async () => {
    await fc.assert(
      fc.asyncProperty(envelopeLike, async (text) => {
        await onlyLifelineErrors(() => openKit(text, { deviceKey: testDevice }, { trustedSigners: trusted }));
      }),
      { numRuns: 300 },
    );
  });

  it('openKit on a real envelope with a random part changed', async () => {
    const envelope = await sealKit(samplePayload(), {
      signer,
      recipients: [{ kind: 'device', deviceKey: testDevice }],
    });
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.string({ minLength: 1, maxLength: 3 }), async (at, insert) => {
        const position = at % envelope.length;
        const mutated = envelope.slice(0, position) + insert + envelope.slice(position + 1);
        if (mutated === envelope) return;
        await expect(
          openKit(mutated, { deviceKey: testDevice }, { trustedSigners: trusted }),
        ).rejects.toBeInstanceOf(LifelineError);
      }),
      { numRuns: 200 },
    );
  });

  it('readKitHeader on a real header with one field replaced', async () => {
    const envelope = await sealKit(samplePayload(), {
      signer,
      recipients: [
        { kind: 'device', deviceKey: testDevice },
        { kind: 'passphrase', passphrase: 'p', iterations: 100_000 },
      ],
    });
    const header = readKitHeader(envelope) as unknown as Record<string, unknown>;
    const field = fc.constantFrom(...KIT_HEADER_FIELDS);
    await fc.assert(
      fc.asyncProperty(field, fc.jsonValue(), fc.nat(3), async (name, value, depth) => {
        const changed = structuredClone(header);
        const target =
          depth > 0 && typeof changed[name] === 'object' && changed[name] !== null ? changed[name] : changed;
        const keys = Object.keys(target);
        (target as Record<string, unknown>)[target === changed ? name : (keys[depth % keys.length] ?? name)] =
          value;
        const text = JSON.stringify({
          ...(JSON.parse(envelope) as object),
          protected: Buffer.from(JSON.stringify(changed)).toString('base64url'),
        });
        await onlyLifelineErrors(() => readKitHeader(text));
      }),
      { numRuns: 300 },
    );
  });

  it('readKitHeader, extractEnvelopes, readSigner, parseDeviceKeyFile', async () => {
    await fc.assert(
      fc.asyncProperty(envelopeLike, async (text) => {
        await onlyLifelineErrors(() => readKitHeader(text));
        await onlyLifelineErrors(() => parseDeviceKeyFile(text));
      }),
      { numRuns: 500 },
    );
    const htmlish = fc.oneof(
      fc.string(),
      fc
        .array(
          fc.oneof(
            fc.constantFrom(
              '<script',
              '<SCRIPT ',
              '>',
              '</script>',
              'class="lifeline-kit"',
              " type='application/json'",
              '<meta name="lifeline-signer" content="',
              '"',
              ':',
            ),
            fc.string(),
            envelopeLike,
          ),
          { maxLength: 12 },
        )
        .map((pieces) => pieces.join('')),
    );
    await fc.assert(
      fc.asyncProperty(htmlish, async (html) => {
        await onlyLifelineErrors(() => extractEnvelopes(html));
        await onlyLifelineErrors(() => readSigner(html));
      }),
      { numRuns: 500 },
    );
  });

  it('verifyDocumentationBundle', async () => {
    const bundleLike = fc.oneof(
      fc.jsonValue(),
      fc.record({
        resourceType: fc.constant('Bundle'),
        signature: fc.oneof(
          fc.jsonValue(),
          fc.record({
            type: fc.constant([{ system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.5' }]),
            who: fc.record({
              identifier: fc.record({
                system: fc.constant('urn:lifeline:kit-documentation-key'),
                value: fc.string(),
              }),
            }),
            sigFormat: fc.constant('application/octet-stream'),
            data: fc.string(),
          }),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(bundleLike, async (bundle) => {
        await onlyLifelineErrors(() =>
          verifyDocumentationBundle(bundle as { resourceType: string }, [
            { keyId: '', publicKey: 'A'.repeat(43) },
          ]),
        );
      }),
      { numRuns: 300 },
    );
  });
});

const patientArb = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 12 }),
    family: fc.string({ unit: 'binary' }),
    given: fc.string({ unit: 'binary' }),
    note: fc.string({ unit: 'binary' }),
  })
  .map(({ id, family, given, note }) =>
    samplePatient(id, { family, given, codeStatus: note, mrn: null, location: null }),
  );

const payloadArb: fc.Arbitrary<KitPayload> = fc
  .record({
    kitId: plainText,
    hospital: plainText,
    scope: fc.oneof(
      plainText.map((unit) => ({ kind: 'unit' as const, unit })),
      plainText.map((site) => ({ kind: 'site' as const, site })),
    ),
    builtAt: isoTime,
    dataAsOf: isoTime,
    patients: fc.array(patientArb, { maxLength: 5 }),
    downtimeIds: fc.array(fc.string(), { maxLength: 5 }),
    units: fc.array(fc.record({ name: fc.string(), beds: fc.array(fc.string(), { maxLength: 4 }) }), {
      maxLength: 3,
    }),
    delta: fc.option(plainText, { nil: null }),
  })
  .map(({ delta, ...fields }) =>
    samplePayload({
      ...fields,
      kind: delta === null ? 'full' : 'delta',
      baseKitId: delta,
      documentationKey: { keyId: 'doc', privateKeyPkcs8: 'AAAA' },
    }),
  );

describe('any payload survives seal and open', () => {
  it('with a device key', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, async (payload) => {
        const envelope = await sealKit(payload, {
          signer,
          recipients: [{ kind: 'device', deviceKey: testDevice }],
        });
        const opened = await openKit(envelope, { deviceKey: testDevice }, { trustedSigners: trusted });
        expect(opened.payload).toEqual(JSON.parse(JSON.stringify(payload)));
        expect(opened.header.kitId).toBe(payload.kitId);
      }),
      { numRuns: 60 },
    );
  });

  it('with any passphrase (at the minimum iteration count, to keep the run short)', async () => {
    await fc.assert(
      fc.asyncProperty(
        payloadArb,
        fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
        async (payload, passphrase) => {
          const envelope = await sealKit(payload, {
            signer,
            recipients: [{ kind: 'passphrase', passphrase, iterations: 100_000 }],
          });
          const opened = await openKit(envelope, { passphrase }, { trustedSigners: trusted });
          expect(opened.payload).toEqual(JSON.parse(JSON.stringify(payload)));
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('applyDelta matches a simple model', () => {
  it('ids are (old ∪ new) minus removed, and changed patients come from the delta', () => {
    const ids: fc.Arbitrary<string[]> = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(ids, ids, ids, (fullIds, deltaIds, removed) => {
        const full = samplePayload({ kitId: 'f', patients: fullIds.map((id) => samplePatient(id)) });
        const delta = samplePayload({
          kitId: 'd',
          kind: 'delta',
          baseKitId: 'f',
          patients: deltaIds.map((id) => samplePatient(id, { codeStatus: 'changed' })),
          removedPatientIds: removed,
        });
        const result = applyDelta(full, delta);
        const expected = [...new Set([...fullIds, ...deltaIds])].filter((id) => !removed.includes(id));
        expect(result.patients.map((patient) => patient.id)).toEqual(expected);
        for (const patient of result.patients) {
          expect(patient.codeStatus).toBe(deltaIds.includes(patient.id) ? 'changed' : 'Full code');
        }
      }),
    );
  });
});
