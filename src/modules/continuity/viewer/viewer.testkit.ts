import {
  generateDocumentationKey,
  generateSigner,
  loadSigner,
  renderKitHtml,
  sealKit,
  type KitRecipient,
  type KitSigner,
} from '../kit/index.js';
import type { KitAdministration, KitPatient, KitPayload } from '../types.js';

/** Fixtures for viewer tests: a small ICU whose patients exercise every screen. */

const HOUR = 3_600_000;
const at = (now: Date, hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();

function administration(
  now: Date,
  hours: number,
  status: KitAdministration['status'],
  orderId: string,
  text: string,
): KitAdministration {
  return {
    orderId,
    medication: { text, system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: orderId },
    dose: '1 g',
    route: 'IV',
    status,
    at: at(now, hours),
    by: status === 'planned' ? null : 'RN Smet',
  };
}

export function wardPatient(id: string, now: Date, overrides: Partial<KitPatient> = {}): KitPatient {
  return {
    id,
    mrn: `MRN-${id.padStart(6, '0')}`,
    family: 'Peeters',
    given: 'Anna',
    birthDate: '1950-03-14',
    gender: 'female',
    location: { unit: 'ICU', room: '1', bed: '1' },
    admittedAt: at(now, -30),
    codeStatus: null,
    problems: [
      {
        id: `${id}-c1`,
        code: { text: 'Community-acquired pneumonia' },
        status: 'active',
        onset: '2026-11-20',
      },
    ],
    allergies: [],
    medications: [
      {
        id: `${id}-m1`,
        medication: { text: 'Amoxicillin 500 mg' },
        dosage: '500 mg orally every 8 hours',
        status: 'active',
        kind: 'statement',
        start: '2026-11-01',
      },
    ],
    mar: [],
    immunizations: [
      { id: `${id}-i1`, vaccine: { text: 'Influenza vaccine' }, date: '2025-10-10', status: 'completed' },
    ],
    results: [
      { id: `${id}-r1`, code: { text: 'Potassium' }, value: '5.9 mmol/L', at: at(now, -5), flag: 'H' },
    ],
    vitals: [{ id: `${id}-v1`, code: { text: 'Heart rate' }, value: '88 /min', at: at(now, -2), flag: null }],
    procedures: [{ id: `${id}-p1`, code: { text: 'Chest X-ray' }, status: 'completed', at: at(now, -20) }],
    appointments: [
      {
        id: `${id}-ap1`,
        description: 'Cardiology follow-up',
        start: at(now, 48),
        end: null,
        status: 'booked',
        location: 'Outpatient clinic B',
      },
    ],
    updatedAt: at(now, -1),
    ...overrides,
  };
}

export function wardPatients(now: Date): KitPatient[] {
  return [
    wardPatient('1', now, {
      family: 'Müller',
      given: 'Anaïs',
      birthDate: '1980-03-14',
      codeStatus: 'DNR',
      allergies: [
        {
          id: 'a1',
          substance: { text: 'Penicillin' },
          type: 'allergy',
          criticality: 'high',
          reactions: ['Anaphylaxis'],
          status: 'active',
        },
      ],
      mar: [
        administration(now, -20, 'given', 'rx-cef', 'Ceftriaxone'),
        administration(now, -8, 'not-given', 'rx-cef', 'Ceftriaxone'),
        administration(now, -1, 'planned', 'rx-cef', 'Ceftriaxone'),
        administration(now, 4, 'planned', 'rx-cef', 'Ceftriaxone'),
        administration(now, 2, 'planned', 'rx-para', 'Paracetamol'),
      ],
    }),
    wardPatient('2', now, {
      family: 'Van den Berg',
      given: 'Jan Pieter',
      gender: 'male',
      birthDate: '1961-10-13',
      location: { unit: 'ICU', room: '1', bed: '2' },
    }),
    wardPatient('3', now, {
      family: "O'Brien",
      given: 'Siobhán',
      birthDate: '2025-10-01',
      location: { unit: 'ICU', room: '2', bed: '4' },
    }),
    wardPatient('4', now, { family: 'Janssens', given: 'Marie', location: null, admittedAt: null }),
  ];
}

export function wardPayload(now: Date, overrides: Partial<KitPayload> = {}): KitPayload {
  return {
    format: 'lifeline-kit/1',
    kitId: 'kit-icu-full',
    kind: 'full',
    baseKitId: null,
    scope: { kind: 'unit', unit: 'ICU' },
    hospital: 'AZ Test',
    builtAt: at(now, -0.01),
    dataAsOf: at(now, -0.05),
    units: [{ name: 'ICU', beds: ['1', '2', '3', '4'] }],
    patients: wardPatients(now),
    removedPatientIds: [],
    downtimeIds: ['DT-ICU-0001', 'DT-ICU-0002', 'DT-ICU-0003'],
    documentationKey: { keyId: 'doc-icu', privateKeyPkcs8: documentationKey.privateKeyPkcs8 },
    ...overrides,
  };
}

/** One documentation key for the whole test run, so tests can verify what the viewer signs. */
export const documentationKey = generateDocumentationKey('doc-icu');

export function testSigner(keyId = 'signer-test'): KitSigner {
  return loadSigner(keyId, generateSigner(keyId).privateKeyPem);
}

/** The lowest PBKDF2 cost the kit format accepts, to keep tests quick. */
export const FAST_ITERATIONS = 100_000;

export function passphraseRecipient(passphrase: string): KitRecipient {
  return { kind: 'passphrase', passphrase, iterations: FAST_ITERATIONS };
}

export async function sealAll(
  payloads: readonly KitPayload[],
  signer: KitSigner,
  recipients: KitRecipient[],
): Promise<string[]> {
  return Promise.all(payloads.map((payload) => sealKit(payload, { signer, recipients })));
}

export async function kitFile(options: {
  payloads: readonly KitPayload[];
  signer: KitSigner;
  recipients: KitRecipient[];
  viewerScript: string;
}): Promise<string> {
  const envelopes = await sealAll(options.payloads, options.signer, options.recipients);
  return renderKitHtml({
    envelopes,
    viewerScript: options.viewerScript,
    title: 'Lifeline kit ICU',
    signer: { keyId: options.signer.keyId, publicKey: options.signer.publicKey },
  });
}
