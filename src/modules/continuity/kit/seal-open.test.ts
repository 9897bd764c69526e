import { describe, expect, it } from 'vitest';
import { readKitHeader } from './envelope.js';
import { generateDeviceKey } from './device-key-file.js';
import { KIT_HEADER_FIELDS } from './kit-header.js';
import { samplePatient, samplePayload, signerFixture, testDevice } from './kit.testkit.js';
import { openKit } from './open-kit.js';
import { sealKit } from './seal-kit.js';

const { signer, trusted } = signerFixture();
const FAST = 100_000;

describe('sealKit and openKit', () => {
  it('round-trips a payload unlocked with the passphrase', async () => {
    const payload = samplePayload();
    const envelope = await sealKit(payload, {
      signer,
      recipients: [{ kind: 'passphrase', passphrase: 'correct horse battery', iterations: FAST }],
    });
    const opened = await openKit(
      envelope,
      { passphrase: 'correct horse battery' },
      { trustedSigners: trusted },
    );
    expect(opened.payload).toEqual(payload);
    expect(opened.header.kitId).toBe(payload.kitId);
    expect(opened.header.signer).toEqual(trusted[0]);
  });

  it('round-trips a payload unlocked with a device key, beside a passphrase recipient', async () => {
    const payload = samplePayload();
    const envelope = await sealKit(payload, {
      signer,
      recipients: [
        { kind: 'passphrase', passphrase: 'unit passphrase', iterations: FAST },
        { kind: 'device', deviceKey: testDevice },
      ],
    });
    const opened = await openKit(envelope, { deviceKey: testDevice }, { trustedSigners: trusted });
    expect(opened.payload).toEqual(payload);
  });

  it('treats the passphrase in Unicode NFC form, so composed and decomposed input both unlock', async () => {
    const envelope = await sealKit(samplePayload(), {
      signer,
      recipients: [{ kind: 'passphrase', passphrase: 'Ze\u0301nobe', iterations: FAST }],
    });
    const opened = await openKit(envelope, { passphrase: 'Z\u00e9nobe' }, { trustedSigners: trusted });
    expect(opened.payload.kitId).toBe('kit-icu-0001');
  });

  it('uses 600,000 PBKDF2 iterations unless told otherwise, and opens such a kit', async () => {
    const envelope = await sealKit(samplePayload(), {
      signer,
      recipients: [{ kind: 'passphrase', passphrase: 'default strength' }],
    });
    const recipient = readKitHeader(envelope).recipients[0];
    expect(recipient).toMatchObject({ kind: 'passphrase', kdf: 'PBKDF2-SHA256', iterations: 600_000 });
    await expect(
      openKit(envelope, { passphrase: 'default strength' }, { trustedSigners: trusted }),
    ).resolves.toMatchObject({ header: { kitId: 'kit-icu-0001' } });
  });

  it('refuses fewer than 100,000 iterations', async () => {
    await expect(
      sealKit(samplePayload(), {
        signer,
        recipients: [{ kind: 'passphrase', passphrase: 'x', iterations: 99_999 }],
      }),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SEAL_INVALID' });
  });

  it('refuses a kit with no recipient, an empty passphrase or the same device twice', async () => {
    await expect(sealKit(samplePayload(), { signer, recipients: [] })).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_SEAL_INVALID',
    });
    await expect(
      sealKit(samplePayload(), { signer, recipients: [{ kind: 'passphrase', passphrase: '' }] }),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SEAL_INVALID' });
    await expect(
      sealKit(samplePayload(), {
        signer,
        recipients: [
          { kind: 'device', deviceKey: testDevice },
          { kind: 'device', deviceKey: testDevice },
        ],
      }),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SEAL_INVALID' });
  });

  it('refuses a delta without a base and a full kit with one', async () => {
    const recipients = [{ kind: 'device' as const, deviceKey: testDevice }];
    await expect(sealKit(samplePayload({ kind: 'delta' }), { signer, recipients })).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_SEAL_INVALID',
      details: { field: 'baseKitId' },
    });
    await expect(sealKit(samplePayload({ baseKitId: 'x' }), { signer, recipients })).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_SEAL_INVALID',
    });
  });

  it('refuses a signer whose public key is not its own', async () => {
    const other = signerFixture('other');
    await expect(
      sealKit(samplePayload(), {
        signer: { ...signer, publicKey: other.signer.publicKey },
        recipients: [{ kind: 'device', deviceKey: testDevice }],
      }),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_KEY_INVALID' });
  });

  it('writes a header with exactly the format fields and no patient data', async () => {
    const payload = samplePayload({
      patients: [samplePatient('p9', { family: 'Vermeulen', mrn: 'MRN-778899' })],
    });
    const envelope = await sealKit(payload, {
      signer,
      recipients: [
        { kind: 'passphrase', passphrase: 'pp', iterations: FAST },
        { kind: 'device', deviceKey: testDevice },
      ],
    });
    const protectedPart = (JSON.parse(envelope) as { protected: string }).protected;
    const headerText = Buffer.from(protectedPart, 'base64url').toString('utf8');
    expect(Object.keys(JSON.parse(headerText) as object)).toEqual([...KIT_HEADER_FIELDS]);
    // The header's named fields, without its random base64url (IVs, salts, keys), where any short
    // string turns up now and then by chance.
    const {
      cipher: _cipher,
      recipients: _recipients,
      signer: _signer,
      ...named
    } = JSON.parse(headerText) as Record<string, unknown>;
    for (const secret of ['Vermeulen', 'MRN-778899', '1950-03-14', 'Penicillin', 'p9']) {
      expect(JSON.stringify(named)).not.toContain(secret);
      if (secret.length >= 8) {
        expect(headerText).not.toContain(secret);
        expect(envelope).not.toContain(secret);
      }
    }
  });

  it('uses a fresh data key and IVs for every seal', async () => {
    const options = { signer, recipients: [{ kind: 'device' as const, deviceKey: testDevice }] };
    const first = readKitHeader(await sealKit(samplePayload(), options));
    const second = readKitHeader(await sealKit(samplePayload(), options));
    expect(first.cipher.iv).not.toBe(second.cipher.iv);
    expect(first.recipients[0]).not.toEqual(second.recipients[0]);
  });

  it('answers a wrong passphrase with CONTINUITY_KIT_UNLOCK_FAILED', async () => {
    const envelope = await sealKit(samplePayload(), {
      signer,
      recipients: [{ kind: 'passphrase', passphrase: 'right', iterations: FAST }],
    });
    await expect(
      openKit(envelope, { passphrase: 'wrong' }, { trustedSigners: trusted }),
    ).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_UNLOCK_FAILED',
    });
  });

  it('tells a device it is not a recipient, and refuses a wrong key under a listed device id', async () => {
    const envelope = await sealKit(samplePayload(), {
      signer,
      recipients: [{ kind: 'device', deviceKey: testDevice }],
    });
    await expect(
      openKit(envelope, { deviceKey: generateDeviceKey('laptop-er-2') }, { trustedSigners: trusted }),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_NOT_A_RECIPIENT' });
    const impostor = { ...generateDeviceKey('x'), deviceId: testDevice.deviceId };
    await expect(
      openKit(envelope, { deviceKey: impostor }, { trustedSigners: trusted }),
    ).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_UNLOCK_FAILED',
    });
    await expect(openKit(envelope, { passphrase: 'any' }, { trustedSigners: trusted })).rejects.toMatchObject(
      {
        code: 'CONTINUITY_KIT_NOT_A_RECIPIENT',
      },
    );
  });
});
