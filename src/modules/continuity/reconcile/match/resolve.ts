import type { KitPatient } from '../../types.js';
import { type AdmissionFacts, admissionFacts } from '../parse/admission.js';
import { DOWNTIME_SYSTEM, identifierOf } from '../parse/fields.js';
import type { PatientCandidate, PatientView, StoredItem } from '../types.js';
import { type PatientDirectory, displayName } from './directory.js';

/** Who an item is about, as far as the EHR mirror and the reviewers' choices tell. */
export type Resolution =
  | { match: 'matched'; patientId: string; patient: KitPatient | undefined }
  /** A patient admitted during downtime the EHR does not know: the admission creates them. */
  | { match: 'new'; admission: StoredItem }
  | { match: 'ambiguous'; admission: StoredItem; candidates: KitPatient[] }
  | { match: 'unmatched' };

export function normalisedName(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function sameName(facts: AdmissionFacts, patient: KitPatient): boolean {
  if (normalisedName(facts.family) !== normalisedName(patient.family)) return false;
  const firstGiven = (given: string) => normalisedName(given).split(' ')[0] ?? '';
  return facts.given === '' || firstGiven(facts.given) === firstGiven(patient.given);
}

export class Resolver {
  private readonly admissionsCache = new Map<string, Promise<Resolution>>();

  constructor(
    private readonly directory: PatientDirectory,
    private readonly admissionOf: (downtimeId: string) => Promise<StoredItem | undefined>,
  ) {}

  async resolve(item: StoredItem): Promise<Resolution> {
    if (item.chosenPatientId !== null) return this.matched(item.chosenPatientId);
    if (item.kind === 'admission') return this.admission(item);
    if (item.subject.startsWith('Patient/')) {
      const patientId = item.subject.slice('Patient/'.length);
      const patient = await this.directory.patient(patientId);
      return patient ? { match: 'matched', patientId, patient } : { match: 'unmatched' };
    }
    const admission = await this.admissionOf(item.subject.slice('urn:uuid:'.length));
    if (admission?.kind !== 'admission' || admission.status === 'rejected') return { match: 'unmatched' };
    return this.admission(admission);
  }

  async view(item: StoredItem, resolution: Resolution): Promise<PatientView> {
    const facts = item.kind === 'admission' ? admissionFacts(item.resources) : await this.factsOf(item);
    const fromFacts = {
      display: facts ? displayName(facts) : null,
      mrn: null,
      birthDate: facts?.birthDate ?? null,
    };
    switch (resolution.match) {
      case 'matched': {
        const patient = resolution.patient;
        return {
          ...(patient
            ? { display: displayName(patient), mrn: patient.mrn, birthDate: patient.birthDate }
            : fromFacts),
          patientId: resolution.patientId,
          match: 'matched',
          candidates: [],
        };
      }
      case 'new':
        return { ...fromFacts, patientId: null, match: 'new', candidates: [] };
      case 'ambiguous':
        return {
          ...fromFacts,
          patientId: null,
          match: 'ambiguous',
          candidates: resolution.candidates.map(candidateOf),
        };
      case 'unmatched':
        return {
          display: null,
          mrn: null,
          birthDate: null,
          patientId: null,
          match: 'unmatched',
          candidates: [],
        };
    }
  }

  private async factsOf(item: StoredItem): Promise<AdmissionFacts | null> {
    if (!item.subject.startsWith('urn:uuid:')) return null;
    const admission = await this.admissionOf(item.subject.slice('urn:uuid:'.length));
    return admission?.kind === 'admission' ? admissionFacts(admission.resources) : null;
  }

  private async matched(patientId: string): Promise<Resolution> {
    return { match: 'matched', patientId, patient: await this.directory.patient(patientId) };
  }

  private admission(item: StoredItem): Promise<Resolution> {
    let found = this.admissionsCache.get(item.downtimeId);
    if (!found) this.admissionsCache.set(item.downtimeId, (found = this.matchAdmission(item)));
    return found;
  }

  /**
   * An admission the EHR took in already (its Patient carries the admission's uuid) is that patient;
   * one whose downtime number or name and birth date the EHR knows may be a patient registered
   * meanwhile, and a reviewer must say which; otherwise the patient is new.
   */
  private async matchAdmission(item: StoredItem): Promise<Resolution> {
    if (item.chosenPatientId !== null) return this.matched(item.chosenPatientId);
    const posted = item.ehrReferences[0];
    if (item.status === 'posted' && posted?.startsWith('Patient/'))
      return this.matched(posted.slice('Patient/'.length));
    const facts = admissionFacts(item.resources);
    const candidates = new Map<string, KitPatient>();
    const byNumber = await this.directory.byMrn(facts.downtimeNumber);
    if (byNumber) candidates.set(byNumber.id, byNumber);
    if (facts.birthDate !== null) {
      for (const patient of await this.directory.bornOn(facts.birthDate))
        if (sameName(facts, patient)) candidates.set(patient.id, patient);
    }
    for (const candidate of candidates.values()) {
      const resources = await this.directory.resources(candidate.id);
      const own = resources.some(
        (resource) =>
          resource.resourceType === 'Patient' &&
          identifierOf(resource, DOWNTIME_SYSTEM)?.toLowerCase() === item.downtimeId,
      );
      if (own) return { match: 'matched', patientId: candidate.id, patient: candidate };
    }
    if (candidates.size > 0)
      return { match: 'ambiguous', admission: item, candidates: [...candidates.values()] };
    return { match: 'new', admission: item };
  }
}

function candidateOf(patient: KitPatient): PatientCandidate {
  return {
    patientId: patient.id,
    display: displayName(patient),
    mrn: patient.mrn,
    birthDate: patient.birthDate,
  };
}
