import { describe, expect, it } from 'vitest';
import type { LifelineError } from '../../../../kernel/errors.js';
import type { KeyValueStorage } from '../documentation/store.js';
import { passphraseRecipient, sealAll, testSigner, wardPatient, wardPayload } from '../viewer.testkit.js';
import { describeFailure } from './failure-messages.js';
import { unlockPageKit, verifyPageKit } from './open-page-kit.js';
import { parseSignerMeta, type PageKit } from './page-kit.js';
import { SignerPins } from './signer-pins.js';

const now = new Date('2026-11-26T08:00:00Z');
const signer = testSigner('signer-a');
const identity = { keyId: signer.keyId, publicKey: signer.publicKey };
const recipients = [passphraseRecipient('ward passphrase')];

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) };
}

const full = wardPayload(now);
const delta1 = wardPayload(now, {
  kitId: 'kit-icu-d1',
  kind: 'delta',
  baseKitId: 'kit-icu-full',
  dataAsOf: '2026-11-26T08:01:00Z',
  patients: [wardPatient('2', now, { family: 'Van den Berg', given: 'Jan Pieter', codeStatus: 'DNR' })],
  removedPatientIds: ['3'],
});
const delta2 = wardPayload(now, {
  kitId: 'kit-icu-d2',
  kind: 'delta',
  baseKitId: 'kit-icu-d1',
  dataAsOf: '2026-11-26T08:02:00Z',
  patients: [
    wardPatient('9', now, { family: 'Nieuw', given: 'Noor', location: { unit: 'ICU', room: '2', bed: '3' } }),
  ],
  removedPatientIds: [],
});
const envelopes = await sealAll([full, delta1, delta2], signer, recipients);
const page: PageKit = { signer: identity, envelopes };

async function failure(promise: Promise<unknown>): Promise<LifelineError> {
  try {
    await promise;
  } catch (error) {
    return error as LifelineError;
  }
  throw new Error('expected a failure');
}

describe('verifyPageKit and unlockPageKit', () => {
  it('verifies every envelope, then applies the deltas in order', async () => {
    const pins = new SignerPins(memoryStorage());
    const verified = await verifyPageKit(page, pins);
    expect(verified.headers.map((header) => header.kitId)).toEqual([
      'kit-icu-full',
      'kit-icu-d1',
      'kit-icu-d2',
    ]);
    const kit = await unlockPageKit(page, verified.signer, { passphrase: 'ward passphrase' });
    expect(kit.latest.dataAsOf).toBe('2026-11-26T08:02:00Z');
    expect(kit.payload.patients.map((patient) => patient.id).sort()).toEqual(['1', '2', '4', '9']);
    expect(kit.payload.patients.find((patient) => patient.id === '2')?.codeStatus).toBe('DNR');
  });

  it('refuses a wrong passphrase with a retry, showing nothing', async () => {
    const error = await failure(unlockPageKit(page, identity, { passphrase: 'wrong' }));
    expect(describeFailure(error, 'AZ Test')).toMatchObject({
      kind: 'retry',
      code: 'CONTINUITY_KIT_UNLOCK_FAILED',
    });
  });

  it('refuses a kit whose ciphertext was changed', async () => {
    const parts = JSON.parse(envelopes[0] as string) as Record<string, string>;
    const flipped = (parts.ciphertext as string).startsWith('A') ? 'B' : 'A';
    const tampered = JSON.stringify({
      ...parts,
      ciphertext: flipped + (parts.ciphertext as string).slice(1),
    });
    const error = await failure(
      verifyPageKit({ signer: identity, envelopes: [tampered] }, new SignerPins(memoryStorage())),
    );
    expect(error.code).toBe('CONTINUITY_KIT_SIGNATURE_INVALID');
    expect(describeFailure(error, 'AZ Test').kind).toBe('refusal');
  });

  it('refuses a kit signed by another key than the one the page names', async () => {
    const other = testSigner('signer-b');
    const foreign = await sealAll([full], other, recipients);
    const error = await failure(
      verifyPageKit({ signer: identity, envelopes: foreign }, new SignerPins(memoryStorage())),
    );
    expect(error.code).toBe('CONTINUITY_KIT_SIGNER_UNTRUSTED');
  });

  it('pins the first signer of a hospital and refuses a different one later', async () => {
    const storage = memoryStorage();
    const pins = new SignerPins(storage);
    await verifyPageKit(page, pins);
    pins.pin('AZ Test', identity);
    const forger = testSigner('signer-a');
    const forged = await sealAll([full], forger, recipients);
    const error = await failure(
      verifyPageKit(
        { signer: { keyId: forger.keyId, publicKey: forger.publicKey }, envelopes: forged },
        pins,
      ),
    );
    expect(error.code).toBe('CONTINUITY_VIEWER_SIGNER_CHANGED');
    expect(describeFailure(error, 'AZ Test').text).toContain('AZ Test');
    await expect(verifyPageKit(page, pins)).resolves.toBeTruthy();
  });

  it('refuses a file without a kit, without a signer, or starting with a delta', async () => {
    const pins = new SignerPins(memoryStorage());
    expect((await failure(verifyPageKit({ signer: identity, envelopes: [] }, pins))).code).toBe(
      'CONTINUITY_VIEWER_NO_KIT',
    );
    expect((await failure(verifyPageKit({ signer: null, envelopes }, pins))).code).toBe(
      'CONTINUITY_VIEWER_SIGNER_MISSING',
    );
    const deltaFirst = { signer: identity, envelopes: [envelopes[1] as string] };
    expect((await failure(verifyPageKit(deltaFirst, pins))).code).toBe('CONTINUITY_VIEWER_KITS_UNRELATED');
  });

  it('refuses deltas that skip a link of the chain', async () => {
    const broken = { signer: identity, envelopes: [envelopes[0] as string, envelopes[2] as string] };
    const verified = await verifyPageKit(broken, new SignerPins(memoryStorage()));
    const error = await failure(unlockPageKit(broken, verified.signer, { passphrase: 'ward passphrase' }));
    expect(error.code).toBe('CONTINUITY_KIT_DELTA_MISMATCH');
    expect(describeFailure(error, null).kind).toBe('refusal');
  });
});

describe('parseSignerMeta', () => {
  it('reads keyId:publicKey and refuses anything else', () => {
    expect(parseSignerMeta(`${identity.keyId}:${identity.publicKey}`)).toEqual(identity);
    expect(parseSignerMeta(null)).toBeNull();
    expect(parseSignerMeta('no-separator')).toBeNull();
    expect(parseSignerMeta('bad id:AAAA')).toBeNull();
    expect(parseSignerMeta(`${identity.keyId}:${identity.publicKey}x`)).toBeNull();
  });
});
