import type { KitLocation, KitPatient } from '../../types.js';
import { buildCensus, type UnitCensus } from '../clinical/census.js';
import {
  subjectKey,
  type AdmissionEntry,
  type DocumentationEntry,
  type DocumentedSubject,
} from '../documentation/entries.js';
import type { DocumentationStore } from '../documentation/store.js';
import type { UnlockedKit } from '../kit-loading/open-page-kit.js';
import { PatientIndex } from '../search/patient-index.js';

/** A patient as the screens show them, whether they came with the kit or were admitted in downtime. */
export interface Chart {
  key: string;
  subject: DocumentedSubject;
  patient: KitPatient | null;
  admission: AdmissionEntry | null;
  family: string;
  given: string;
  birthDate: string | null;
  gender: string | null;
  /** The MRN, or for a downtime admission its downtime id. */
  mrn: string | null;
  location: KitLocation | null;
}

export function kitChart(patient: KitPatient): Chart {
  const subject: DocumentedSubject = { kind: 'kit', patientId: patient.id };
  return { key: subjectKey(subject), subject, patient, admission: null, ...patient };
}

export function admissionChart(admission: AdmissionEntry): Chart {
  const subject: DocumentedSubject = { kind: 'downtime', patientUuid: admission.patientUuid };
  return {
    key: subjectKey(subject),
    subject,
    patient: null,
    admission,
    family: admission.family,
    given: admission.given,
    birthDate: admission.birthDate,
    gender: admission.gender,
    mrn: admission.downtimeId,
    location: admission.location,
  };
}

/**
 * Everything known after unlocking: the kit (in memory only), who is using it, and the documentation
 * store. The big search index is built once; the few downtime admissions get their own small index
 * rebuilt when they change, so admitting a patient never re-indexes 100,000 others.
 */
export class ViewerSession {
  private readonly patientsById: Map<string, KitPatient>;
  private kitIndex: PatientIndex<KitPatient> | null = null;
  private admissionIndex: PatientIndex<Chart> | null = null;
  private censusCache: UnitCensus[] | null = null;

  constructor(
    readonly kit: UnlockedKit,
    readonly user: string,
    readonly store: DocumentationStore,
    readonly notices: { storageUnavailable: boolean; quarantinedAs: string | null },
  ) {
    this.patientsById = new Map(kit.payload.patients.map((patient) => [patient.id, patient]));
  }

  get payload() {
    return this.kit.payload;
  }

  admissions(): AdmissionEntry[] {
    return this.store.state.entries.filter((entry): entry is AdmissionEntry => entry.kind === 'admission');
  }

  chart(key: string): Chart | null {
    if (key.startsWith('Patient/')) {
      const patient = this.patientsById.get(key.slice('Patient/'.length));
      return patient === undefined ? null : kitChart(patient);
    }
    const admission = this.admissions().find(
      (entry) => subjectKey({ kind: 'downtime', patientUuid: entry.patientUuid }) === key,
    );
    return admission === undefined ? null : admissionChart(admission);
  }

  entriesFor(key: string): DocumentationEntry[] {
    return this.store.state.entries.filter((entry) =>
      entry.kind === 'admission'
        ? subjectKey({ kind: 'downtime', patientUuid: entry.patientUuid }) === key
        : subjectKey(entry.subject) === key,
    );
  }

  census(): UnitCensus[] {
    this.censusCache ??= buildCensus(this.payload.units, this.payload.patients, this.admissions());
    return this.censusCache;
  }

  /** Builds the search index ahead of the first keystroke. */
  warmUp(): void {
    this.kitIndex ??= new PatientIndex(this.payload.patients);
  }

  search(query: string, now: Date, limit: number): { charts: Chart[]; total: number } {
    this.warmUp();
    this.admissionIndex ??= new PatientIndex(this.admissions().map(admissionChart));
    const downtime = this.admissionIndex.search(query, { now, limit });
    const kit = (this.kitIndex as PatientIndex<KitPatient>).search(query, {
      now,
      limit: Math.max(0, limit - downtime.patients.length),
    });
    return {
      charts: [...downtime.patients, ...kit.patients.map(kitChart)],
      total: downtime.total + kit.total,
    };
  }

  /** Called after every documentation change: admissions may have been added or undone. */
  documentationChanged(): void {
    this.censusCache = null;
    this.admissionIndex = null;
  }
}
