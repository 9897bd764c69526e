import { createCipheriv, randomBytes, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { KitPatient, KitPayload } from '../types.js';
import { generateDeviceKey, type DeviceKey } from './device-key-file.js';
import { generateDocumentationKey, generateSigner, loadSigner, type KitSigner } from './signing-keys.js';

/** Fixtures for kit tests, and an envelope writer built straight from the format text with node:crypto. */

export function samplePatient(id: string, overrides: Partial<KitPatient> = {}): KitPatient {
  return {
    id,
    mrn: `MRN-${id}`,
    family: 'Peeters',
    given: 'Anna',
    birthDate: '1950-03-14',
    gender: 'female',
    location: { unit: 'ICU', room: '12', bed: 'A' },
    admittedAt: '2026-11-25T22:10:00Z',
    codeStatus: 'Full code',
    problems: [{ id: `${id}-c1`, code: { text: 'Sepsis' }, status: 'active', onset: null }],
    allergies: [
      {
        id: `${id}-a1`,
        substance: { text: 'Penicillin', system: 'http://snomed.info/sct', code: '764146007' },
        type: 'allergy',
        criticality: 'high',
        reactions: ['Anaphylaxis'],
        status: 'active',
      },
    ],
    medications: [],
    mar: [],
    immunizations: [],
    results: [],
    vitals: [],
    procedures: [],
    appointments: [],
    updatedAt: '2026-11-26T07:55:00Z',
    ...overrides,
  };
}

export function samplePayload(overrides: Partial<KitPayload> = {}): KitPayload {
  return {
    format: 'lifeline-kit/1',
    kitId: 'kit-icu-0001',
    kind: 'full',
    baseKitId: null,
    scope: { kind: 'unit', unit: 'ICU' },
    hospital: 'AZ Test',
    builtAt: '2026-11-26T08:00:05Z',
    dataAsOf: '2026-11-26T08:00:00Z',
    units: [{ name: 'ICU', beds: ['12A', '12B'] }],
    patients: [samplePatient('p1'), samplePatient('p2', { family: 'Janssens', given: 'Jef' })],
    removedPatientIds: [],
    downtimeIds: ['DT-0001', 'DT-0002'],
    documentationKey: {
      keyId: 'doc-icu',
      privateKeyPkcs8: generateDocumentationKey('doc-icu').privateKeyPkcs8,
    },
    ...overrides,
  };
}

export interface SignerFixture {
  signer: KitSigner;
  trusted: { keyId: string; publicKey: string }[];
}

export function signerFixture(keyId = 'site-signer-1'): SignerFixture {
  const generated = generateSigner(keyId);
  const signer = loadSigner(keyId, generated.privateKeyPem);
  return { signer, trusted: [{ keyId, publicKey: generated.publicKey }] };
}

export const testDevice: DeviceKey = generateDeviceKey('laptop-icu-1');

/**
 * Writes an envelope for any header and any payload bytes, following the format text independently of
 * sealKit, so tests can build kits that are validly signed yet wrong inside.
 */
export function craftEnvelope(options: {
  header: Record<string, unknown>;
  payloadBytes: Buffer;
  signer: KitSigner;
  device?: DeviceKey;
  gzip?: boolean;
  /** What the data key's wrapping is bound to; the header's kit id unless set. */
  wrapAad?: string;
}): string {
  const dataKey = randomBytes(32);
  const cipherIv = randomBytes(12);
  const wrapIv = randomBytes(12);
  const device = options.device ?? testDevice;
  const header: Record<string, unknown> = {
    ...options.header,
    cipher: { alg: 'A256GCM', iv: cipherIv.toString('base64url') },
  };
  const wrapAad = Buffer.from(options.wrapAad ?? String(header.kitId));
  header.recipients = [
    {
      kind: 'device',
      deviceId: device.deviceId,
      iv: wrapIv.toString('base64url'),
      wrappedKey: gcm(Buffer.from(device.key, 'base64url'), wrapIv, dataKey, wrapAad).toString('base64url'),
    },
  ];
  const encodedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
  const body = options.gzip === false ? options.payloadBytes : gzipSync(options.payloadBytes);
  const ciphertext = gcm(dataKey, cipherIv, body, Buffer.from(encodedHeader, 'ascii')).toString('base64url');
  const signature = sign(null, Buffer.from(`${encodedHeader}.${ciphertext}`), options.signer.privateKey);
  return JSON.stringify({ protected: encodedHeader, ciphertext, signature: signature.toString('base64url') });
}

/** A header for `payload` as the format describes it; craftEnvelope fills in the cipher and recipients. */
export function headerFor(payload: KitPayload, signer: KitSigner): Record<string, unknown> {
  return {
    format: 'lifeline-kit-envelope/1',
    kitId: payload.kitId,
    kind: payload.kind,
    baseKitId: payload.baseKitId,
    scope: payload.scope,
    hospital: payload.hospital,
    builtAt: payload.builtAt,
    dataAsOf: payload.dataAsOf,
    signer: { keyId: signer.keyId, publicKey: signer.publicKey },
    cipher: null,
    compression: 'gzip',
    recipients: [],
  };
}

/** The payload as bytes, for craftEnvelope. */
export function payloadBytes(payload: unknown): Buffer {
  return Buffer.from(JSON.stringify(payload));
}

function gcm(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Envelope with one of its parts replaced. */
export function withPart(
  envelope: string,
  part: 'protected' | 'ciphertext' | 'signature',
  value: string,
): string {
  return JSON.stringify({ ...(JSON.parse(envelope) as Record<string, string>), [part]: value });
}

export function partOf(envelope: string, part: 'protected' | 'ciphertext' | 'signature'): string {
  return (JSON.parse(envelope) as Record<string, string>)[part] as string;
}

/** Flips one bit of a base64url part at a byte position, keeping it valid base64url. */
export function flipBit(encoded: string, byteIndex: number): string {
  const bytes = Buffer.from(encoded, 'base64url');
  bytes[byteIndex % bytes.length]! ^= 0x01;
  return bytes.toString('base64url');
}
