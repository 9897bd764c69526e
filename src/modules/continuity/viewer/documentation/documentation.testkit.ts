import type {
  AdmissionEntry,
  DocumentationState,
  MedicationEntry,
  NoteEntry,
  RecordOpening,
  VitalsEntry,
} from './entries.js';
import type { KeyValueStorage } from './store.js';

/** One entry of each kind, with fixed uuids so tests can assert exact identifiers. */
export const NOW = '2026-11-26T08:00:00.000Z';

export const vitals: VitalsEntry = {
  kind: 'vitals',
  id: '00000000-0000-4000-8000-000000000001',
  recordedAt: NOW,
  by: 'RN Smet',
  exportedIn: null,
  subject: { kind: 'kit', patientId: 'p1' },
  at: '2026-11-26T07:55:00.000Z',
  readings: [
    { vital: 'heart-rate', uuid: '00000000-0000-4000-8000-000000000001', value: 88 },
    { vital: 'blood-pressure', uuid: '00000000-0000-4000-8000-000000000002', systolic: 120, diastolic: 80 },
    { vital: 'temperature', uuid: '00000000-0000-4000-8000-000000000003', value: 38.2 },
    { vital: 'respiratory-rate', uuid: '00000000-0000-4000-8000-000000000004', value: 18 },
    { vital: 'spo2', uuid: '00000000-0000-4000-8000-000000000005', value: 96 },
  ],
};

export const medication: MedicationEntry = {
  kind: 'medication',
  id: '00000000-0000-4000-8000-000000000010',
  recordedAt: NOW,
  by: 'RN Smet',
  exportedIn: null,
  subject: { kind: 'kit', patientId: 'p1' },
  at: '2026-11-26T07:58:00.000Z',
  given: false,
  orderId: 'rx-1',
  medication: { text: 'Ceftriaxone', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '2193' },
  dosage: '1 g IV',
  plannedAt: '2026-11-26T08:00:00.000Z',
  reason: 'Patient in theatre',
};

export const note: NoteEntry = {
  kind: 'note',
  id: '00000000-0000-4000-8000-000000000020',
  recordedAt: NOW,
  by: 'Dr Maes',
  exportedIn: null,
  subject: { kind: 'downtime', patientUuid: '00000000-0000-4000-8000-000000000030' },
  at: '2026-11-26T07:59:00.000Z',
  text: 'Patiënt is stabiel — <b>not bold</b>',
};

export const admission: AdmissionEntry = {
  kind: 'admission',
  id: '00000000-0000-4000-8000-000000000030',
  recordedAt: NOW,
  by: 'RN Smet',
  exportedIn: null,
  patientUuid: '00000000-0000-4000-8000-000000000030',
  encounterUuid: '00000000-0000-4000-8000-000000000031',
  downtimeId: 'DT-ICU-0001',
  family: 'Nieuw',
  given: 'Noor Anna',
  birthDate: '1990-01-02',
  gender: 'female',
  location: { unit: 'ICU', room: '2', bed: '3' },
  at: '2026-11-26T07:30:00.000Z',
};

export const opening: RecordOpening = {
  uuid: '00000000-0000-4000-8000-000000000040',
  at: NOW,
  by: 'Dr Maes',
  kitId: 'kit-icu-d2',
  subject: { kind: 'kit', patientId: 'p1' },
};

export function sampleState(): DocumentationState {
  return {
    version: 1,
    entries: [vitals, medication, note, admission],
    openings: [opening],
    usedDowntimeIds: ['DT-ICU-0001'],
    exports: [],
  };
}

export const STORAGE_KEY = 'lifeline-viewer/documentation/v1/AZ Test/unit:ICU';

/** base64 PKCS#8 documentation keys of two scopes; the seal reads them as bytes only. */
export const DOCUMENTATION_KEY = Buffer.from(`pkcs8:${'a'.repeat(40)}`).toString('base64');
export const OTHER_DOCUMENTATION_KEY = Buffer.from(`pkcs8:${'b'.repeat(40)}`).toString('base64');

/** Browser storage as a map; `refuse` makes that many next writes throw like a full localStorage. */
export function memoryStorage(): KeyValueStorage & {
  map: Map<string, string>;
  full: boolean;
  refuse: number;
} {
  const map = new Map<string, string>();
  const storage = {
    map,
    full: false,
    refuse: 0,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (storage.full || storage.refuse > 0) {
        storage.refuse = Math.max(0, storage.refuse - 1);
        throw new DOMException('quota', 'QuotaExceededError');
      }
      map.set(key, value);
    },
  };
  return storage;
}
