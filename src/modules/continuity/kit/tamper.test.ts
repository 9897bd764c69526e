import { sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readKitHeader } from './envelope.js';
import {
  craftEnvelope,
  flipBit,
  headerFor,
  partOf,
  payloadBytes,
  samplePatient,
  samplePayload,
  signerFixture,
  testDevice,
  withPart,
} from './kit.testkit.js';
import { openKit } from './open-kit.js';
import { sealKit } from './seal-kit.js';
import { verifyKitSignature } from './verify-kit.js';

const { signer, trusted } = signerFixture();
const unlock = { deviceKey: testDevice };
const open = (envelope: string, options: { maxPayloadBytes?: number } = {}) =>
  openKit(envelope, unlock, { trustedSigners: trusted, ...options });
const seal = (kitId: string) =>
  sealKit(samplePayload({ kitId }), { signer, recipients: [{ kind: 'device', deviceKey: testDevice }] });

describe('a tampered kit is refused', () => {
  it('when a header byte changed', async () => {
    const envelope = await seal('kit-a');
    const header = JSON.parse(Buffer.from(partOf(envelope, 'protected'), 'base64url').toString()) as {
      hospital: string;
    };
    header.hospital = 'AZ Elsewhere';
    const forged = withPart(envelope, 'protected', Buffer.from(JSON.stringify(header)).toString('base64url'));
    await expect(open(forged)).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SIGNATURE_INVALID' });
    await expect(open(withPart(envelope, 'protected', 'e30'))).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_HEADER_INVALID',
    });
  });

  it('when any ciphertext bit flipped', async () => {
    const envelope = await seal('kit-a');
    for (const position of [0, 17, 4096, -1]) {
      const ciphertext = partOf(envelope, 'ciphertext');
      const index = position < 0 ? Buffer.from(ciphertext, 'base64url').length - 1 : position;
      await expect(open(withPart(envelope, 'ciphertext', flipBit(ciphertext, index)))).rejects.toMatchObject({
        code: 'CONTINUITY_KIT_SIGNATURE_INVALID',
      });
    }
  });

  it('when the signature changed or is missing', async () => {
    const envelope = await seal('kit-a');
    await expect(
      open(withPart(envelope, 'signature', flipBit(partOf(envelope, 'signature'), 5))),
    ).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_SIGNATURE_INVALID',
    });
    const { signature: _, ...unsigned } = JSON.parse(envelope) as Record<string, string>;
    await expect(open(JSON.stringify(unsigned))).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_ENVELOPE_INVALID',
    });
  });

  it('when the header and ciphertext of two kits are swapped', async () => {
    const first = await seal('kit-a');
    const second = await seal('kit-b');
    const mixed = withPart(first, 'ciphertext', partOf(second, 'ciphertext'));
    await expect(open(mixed)).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SIGNATURE_INVALID' });
  });

  it('when a recipient of one kit is put into another, even if the result is signed again', async () => {
    const first = await seal('kit-a');
    const second = await seal('kit-b');
    const header = readKitHeader(first);
    const foreign = readKitHeader(second).recipients;
    const resigned = craftEnvelope({
      header: { ...header, recipients: foreign },
      payloadBytes: payloadBytes(samplePayload({ kitId: 'kit-a' })),
      signer,
      wrapAad: 'kit-b',
    });
    // craftEnvelope wraps for the device bound to kit-b's id: the AAD binding refuses it under kit-a.
    await expect(open(resigned)).rejects.toMatchObject({ code: 'CONTINUITY_KIT_UNLOCK_FAILED' });
    const swapped = withPart(first, 'protected', partOf(second, 'protected'));
    await expect(open(swapped)).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SIGNATURE_INVALID' });
  });

  it('when a validly signed envelope carries the payload of another kit id', async () => {
    const header = headerFor(samplePayload({ kitId: 'kit-a' }), signer);
    const forged = craftEnvelope({
      header,
      payloadBytes: payloadBytes(samplePayload({ kitId: 'kit-b' })),
      signer,
    });
    await expect(open(forged)).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_PAYLOAD_MISMATCH',
      details: { fields: ['kitId'] },
    });
    const otherScope = craftEnvelope({
      header,
      payloadBytes: payloadBytes(samplePayload({ kitId: 'kit-a', scope: { kind: 'unit', unit: 'ER' } })),
      signer,
    });
    await expect(open(otherScope)).rejects.toMatchObject({ code: 'CONTINUITY_KIT_PAYLOAD_MISMATCH' });
  });

  it('when a header is re-signed with another kit id or other fields (AAD binding)', async () => {
    const envelope = await seal('kit-a');
    const header = readKitHeader(envelope);
    const resign = (changed: object) => {
      const encoded = Buffer.from(JSON.stringify({ ...header, ...changed })).toString('base64url');
      const ciphertext = partOf(envelope, 'ciphertext');
      const signature = sign(null, Buffer.from(`${encoded}.${ciphertext}`), signer.privateKey);
      return JSON.stringify({ protected: encoded, ciphertext, signature: signature.toString('base64url') });
    };
    // Even a holder of the signing key cannot relabel a kit: the wrapped key is bound to the kit id,
    // the ciphertext to the exact header text.
    await expect(open(resign({ kitId: 'kit-b' }))).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_UNLOCK_FAILED',
    });
    await expect(open(resign({ dataAsOf: '2026-11-26T09:00:00Z' }))).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_DECRYPT_FAILED',
    });
    await expect(open(resign({}))).resolves.toMatchObject({ header: { kitId: 'kit-a' } });
  });

  it('when the header gains a field the format does not have', async () => {
    const header = { ...headerFor(samplePayload(), signer), patientCount: 2 };
    const forged = craftEnvelope({ header, payloadBytes: payloadBytes(samplePayload()), signer });
    await expect(open(forged)).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_HEADER_INVALID',
      details: { field: 'header' },
    });
  });

  it('when the decrypted data is not gzip, not UTF-8, not JSON or not a payload', async () => {
    const header = headerFor(samplePayload(), signer);
    const cases: [Buffer, boolean][] = [
      [Buffer.from('plain, not gzip'), false],
      [Buffer.from([0xff, 0xfe, 0x00]), true],
      [Buffer.from('{"format":'), true],
      [payloadBytes({ format: 'lifeline-kit/1' }), true],
      [payloadBytes({ ...samplePayload(), patients: [{ name: 'no id' }] }), true],
    ];
    for (const [bytes, gzip] of cases) {
      await expect(open(craftEnvelope({ header, payloadBytes: bytes, signer, gzip }))).rejects.toMatchObject({
        code: 'CONTINUITY_KIT_PAYLOAD_INVALID',
      });
    }
  });

  it('when the payload unpacks to more than the limit (zip bomb)', async () => {
    const big = samplePayload({ patients: [samplePatient('p1', { family: 'a'.repeat(2_000_000) })] });
    const envelope = await sealKit(big, { signer, recipients: [{ kind: 'device', deviceKey: testDevice }] });
    expect(envelope.length).toBeLessThan(100_000);
    await expect(open(envelope, { maxPayloadBytes: 1_000_000 })).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_PAYLOAD_TOO_LARGE',
    });
    await expect(open(envelope)).resolves.toMatchObject({ header: { kitId: 'kit-icu-0001' } });
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const forged = craftEnvelope({
      header: headerFor(samplePayload(), signer),
      payloadBytes: bomb,
      signer,
      gzip: false,
    });
    await expect(open(forged, { maxPayloadBytes: 4 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_PAYLOAD_TOO_LARGE',
    });
  });
});

describe('signer trust', () => {
  it('refuses a kit signed by a key that is not on the trust list', async () => {
    const outsider = signerFixture('site-signer-1');
    const envelope = await sealKit(samplePayload(), {
      signer: outsider.signer,
      recipients: [{ kind: 'device', deviceKey: testDevice }],
    });
    // Same key id, different key: the public key decides.
    await expect(open(envelope)).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SIGNER_UNTRUSTED' });
    await expect(verifyKitSignature(envelope, [])).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_SIGNER_UNTRUSTED',
    });
    await expect(verifyKitSignature(envelope, outsider.trusted)).resolves.toMatchObject({
      kitId: 'kit-icu-0001',
    });
  });

  it('refuses a trusted public key presented under another key id', async () => {
    const envelope = await seal('kit-a');
    await expect(
      verifyKitSignature(envelope, [{ keyId: 'another-id', publicKey: signer.publicKey }]),
    ).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SIGNER_UNTRUSTED' });
  });

  it('refuses a header that names a trusted signer over a signature made by another key', async () => {
    const outsider = signerFixture('intruder');
    const forged = craftEnvelope({
      header: headerFor(samplePayload(), signer),
      payloadBytes: payloadBytes(samplePayload()),
      signer: outsider.signer,
    });
    await expect(open(forged)).rejects.toMatchObject({ code: 'CONTINUITY_KIT_SIGNATURE_INVALID' });
  });
});
