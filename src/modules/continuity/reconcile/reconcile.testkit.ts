import type { EhrStore } from '../ehr/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { CensusEvent } from '../types.js';
import type {
  DocumentationEntry,
  DocumentationState,
  RecordOpening,
} from '../viewer/documentation/entries.js';
import { signedExport } from '../viewer/documentation/export.js';

/**
 * Downtime documentation made and signed exactly as the viewer does, and the EHR's side of the same
 * morning: what it recorded meanwhile, and who the census put in a bed.
 */

export const NOW = '2026-11-26T09:00:00.000Z';
export const ADMIN = { actor: 'admin', sourceIp: null };

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const IDS = {
  heartRate: uuid(1),
  bloodPressure: uuid(2),
  dose: uuid(10),
  note: uuid(20),
  newNote: uuid(21),
  newPatient: uuid(30),
  newEncounter: uuid(31),
  knownPatient: uuid(40),
  knownEncounter: uuid(41),
  knownPulse: uuid(42),
  opening: uuid(50),
  laterNote: uuid(60),
  laterPulse: uuid(61),
} as const;

const base = { recordedAt: '2026-11-26T08:30:00.000Z', by: 'RN Smet', exportedIn: null };

/** What the ICU documented: p1's vitals, a dose and a note; two admissions, one the EHR knows. */
export function documentedEntries(): DocumentationEntry[] {
  return [
    {
      ...base,
      kind: 'vitals',
      id: IDS.heartRate,
      subject: { kind: 'kit', patientId: 'p1' },
      at: '2026-11-26T07:55:00.000Z',
      readings: [
        { vital: 'heart-rate', uuid: IDS.heartRate, value: 88 },
        { vital: 'blood-pressure', uuid: IDS.bloodPressure, systolic: 120, diastolic: 80 },
      ],
    },
    {
      ...base,
      kind: 'medication',
      id: IDS.dose,
      subject: { kind: 'kit', patientId: 'p1' },
      at: '2026-11-26T07:58:00.000Z',
      given: true,
      orderId: 'rx-1',
      medication: {
        text: 'Ceftriaxone',
        system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
        code: '2193',
      },
      dosage: '1 g IV',
      plannedAt: '2026-11-26T08:00:00.000Z',
      reason: null,
    },
    {
      ...base,
      kind: 'note',
      id: IDS.note,
      subject: { kind: 'kit', patientId: 'p1' },
      at: '2026-11-26T08:05:00.000Z',
      text: 'Restless at night; family informed.',
    },
    {
      ...base,
      kind: 'admission',
      id: IDS.newPatient,
      patientUuid: IDS.newPatient,
      encounterUuid: IDS.newEncounter,
      downtimeId: 'DT-ICU-0001',
      family: 'Nieuw',
      given: 'Noor Anna',
      birthDate: '1990-01-02',
      gender: 'female',
      location: { unit: 'ICU', room: '2', bed: '3' },
      at: '2026-11-26T07:30:00.000Z',
    },
    {
      ...base,
      kind: 'note',
      id: IDS.newNote,
      subject: { kind: 'downtime', patientUuid: IDS.newPatient },
      at: '2026-11-26T07:40:00.000Z',
      text: 'Admitted via ED, stable.',
    },
    {
      ...base,
      kind: 'admission',
      id: IDS.knownPatient,
      patientUuid: IDS.knownPatient,
      encounterUuid: IDS.knownEncounter,
      downtimeId: 'DT-ICU-0002',
      family: 'Janssens',
      given: 'Jef',
      birthDate: '1960-01-01',
      gender: 'male',
      location: { unit: 'ICU', room: '1', bed: '4' },
      at: '2026-11-26T07:45:00.000Z',
    },
    {
      ...base,
      kind: 'vitals',
      id: IDS.knownPulse,
      subject: { kind: 'downtime', patientUuid: IDS.knownPatient },
      at: '2026-11-26T07:50:00.000Z',
      readings: [{ vital: 'heart-rate', uuid: IDS.knownPulse, value: 70 }],
    },
  ];
}

export const OPENING: RecordOpening = {
  uuid: IDS.opening,
  at: '2026-11-26T07:20:00.000Z',
  by: 'Dr Maes',
  kitId: 'kit-icu-1',
  subject: { kind: 'kit', patientId: 'p1' },
};

export function stateOf(
  entries: DocumentationEntry[],
  openings: RecordOpening[] = [OPENING],
): DocumentationState {
  return { version: 1, entries, openings, usedDowntimeIds: [], exports: [] };
}

/** The bundle as staff export it from the viewer, and as it arrives in a file (a JSON round trip). */
export async function exported(
  state: DocumentationState,
  key: { keyId: string; privateKeyPkcs8: string },
  exportId: string,
): Promise<FhirResource> {
  const { bundle } = await signedExport(state, {
    hospital: 'AZ Test',
    scope: { kind: 'unit', unit: 'ICU' },
    key,
    user: 'RN Smet',
    now: new Date('2026-11-26T08:45:00.000Z'),
    exportId,
  });
  return JSON.parse(JSON.stringify(bundle)) as FhirResource;
}

const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

/** The EHR meanwhile: p1 with an order given once more at 08:10 and a pulse of 92 at 07:55; p2 registered. */
export function seedEhr(store: EhrStore): void {
  store.update({
    resourceType: 'Patient',
    id: 'p1',
    identifier: [{ type: MR, system: 'urn:test:mrn', value: 'MRN-1001' }],
    name: [{ family: 'Peeters', given: ['Lotte'] }],
    birthDate: '1948-05-02',
    gender: 'female',
  });
  store.update({
    resourceType: 'MedicationRequest',
    id: 'rx-1',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'Ceftriaxone' },
    subject: { reference: 'Patient/p1' },
  });
  store.update({
    resourceType: 'MedicationAdministration',
    id: 'ma-ehr-1',
    status: 'completed',
    medicationCodeableConcept: { text: 'Ceftriaxone' },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2026-11-26T08:10:00Z',
    request: { reference: 'MedicationRequest/rx-1' },
  });
  store.update({
    resourceType: 'Observation',
    id: 'obs-ehr-1',
    status: 'final',
    category: [{ coding: [{ code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2026-11-26T07:55:00Z',
    valueQuantity: { value: 92, unit: '/min' },
  });
  store.update({
    resourceType: 'Patient',
    id: 'p2',
    identifier: [{ type: MR, system: 'urn:test:mrn', value: 'MRN-2002' }],
    name: [{ family: 'Janssens', given: ['Jef'] }],
    birthDate: '1960-01-01',
    gender: 'male',
  });
}

/** Someone the census puts in ICU room 2 bed 3, the bed the downtime admission was given. */
export const OCCUPANT: CensusEvent = {
  kind: 'admit',
  trigger: 'A01',
  messageControlId: 'adt-occupant',
  at: '2026-11-26T08:20:00Z',
  patient: { mrn: 'MRN-3003', family: 'Bezet', given: 'Bert', birthDate: '1970-03-03', gender: 'male' },
  location: { unit: 'ICU', room: '2', bed: '3' },
  priorLocation: null,
  visitNumber: 'V3',
  patientClass: 'I',
};

/** What the EHR holds that came from downtime documentation, by type. */
export function downtimeResources(store: EhrStore, type: string): FhirResource[] {
  return [...store.versions(type)]
    .map((version) => JSON.parse(version.json) as FhirResource)
    .filter((resource) =>
      (resource.identifier as { system?: string }[] | undefined)?.some(
        (identifier) => identifier.system === 'urn:lifeline:downtime',
      ),
    );
}
