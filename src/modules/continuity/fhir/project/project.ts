import type { KitLocation, KitObservation, KitPatient } from '../../types.js';
import { patientIdOf } from '../patient-link.js';
import type { FhirResource } from '../resource.js';
import { codeStatus } from './code-status.js';
import { kitCode } from './concept.js';
import { KIT_LIMITS } from './limits.js';
import { currentStay } from './location.js';
import { medicationAdministrationRecord } from './mar.js';
import { kitMedication } from './medications.js';
import { isPanelOnly, isShownObservation, observationKind } from './observations.js';
import { birthDate, gender, medicalRecordNumber, patientName, thePatient } from './patient.js';
import {
  isRetracted,
  kitAllergy,
  kitAppointment,
  kitCondition,
  kitImmunization,
  kitProcedure,
} from './sections.js';
import { newestRecordedTime } from './updated-at.js';
import { HOUR_MS, choiceTime, toMillis } from './time.js';
import { interpretationFlag, observationValue } from './values.js';

export interface ProjectOptions {
  now: Date;
  /** Where the patient lies per the census; wins over the Encounter. `null` says "not an inpatient". */
  location?: KitLocation | null;
  /** How far back vital signs count as recent (default 72 hours). */
  windowHours?: number;
}

interface Timed<T> {
  at: number;
  item: T;
}

/**
 * One patient's resources → what the kit shows. Linear in the number of resources; each section is
 * sorted once and bounded (see KIT_LIMITS). Resources that name another patient are ignored, so a
 * mis-grouped input can never put one person's data on another's page.
 */
export function projectPatient(resources: FhirResource[], options: ProjectOptions): KitPatient {
  const patient = thePatient(resources);
  const now = options.now.getTime();
  const own = new Set([patient.id]);
  const mine = resources.filter((resource) => {
    const owner = resource.resourceType === 'Patient' ? resource.id : patientIdOf(resource, own);
    return owner === undefined || owner === patient.id;
  });
  const medications = new Map<string, FhirResource>();
  for (const resource of mine) {
    if (resource.resourceType === 'Medication' && resource.id !== undefined)
      medications.set(resource.id, resource);
  }

  const sections = collect(mine, medications, now);
  const windowStart = now - (options.windowHours ?? KIT_LIMITS.defaultWindowHours) * HOUR_MS;
  const recentVitals = sections.vitals.filter((vital) => vital.at >= windowStart);
  const stay = currentStay(mine);
  const name = patientName(patient);

  return {
    id: patient.id,
    mrn: medicalRecordNumber(patient),
    family: name.family,
    given: name.given,
    birthDate: birthDate(patient),
    gender: gender(patient),
    location: options.location === undefined ? stay.location : options.location,
    admittedAt: stay.admittedAt,
    codeStatus: codeStatus(mine),
    problems: newestFirst(sections.problems, KIT_LIMITS.problems),
    allergies: newestFirst(sections.allergies, KIT_LIMITS.allergies),
    medications: newestFirst(sections.medications, KIT_LIMITS.medications),
    mar: medicationAdministrationRecord(mine, medications, now),
    immunizations: newestFirst(sections.immunizations, KIT_LIMITS.immunizations),
    results: newestFirst(sections.results, KIT_LIMITS.results),
    vitals:
      recentVitals.length > 0
        ? newestFirst(recentVitals, KIT_LIMITS.vitals)
        : newestFirst(sections.vitals, KIT_LIMITS.vitalsOutsideWindow),
    procedures: newestFirst(sections.procedures, KIT_LIMITS.procedures),
    appointments: sections.appointments
      .sort((a, b) => a.at - b.at)
      .slice(0, KIT_LIMITS.appointments)
      .map((appointment) => appointment.item),
    updatedAt: newestRecordedTime(mine, now),
  };
}

function collect(
  resources: readonly FhirResource[],
  medications: ReadonlyMap<string, FhirResource>,
  now: number,
) {
  const sections = {
    problems: [] as Timed<KitPatient['problems'][number]>[],
    allergies: [] as Timed<KitPatient['allergies'][number]>[],
    medications: [] as Timed<KitPatient['medications'][number]>[],
    immunizations: [] as Timed<KitPatient['immunizations'][number]>[],
    results: [] as Timed<KitObservation>[],
    vitals: [] as Timed<KitObservation>[],
    procedures: [] as Timed<KitPatient['procedures'][number]>[],
    appointments: [] as Timed<KitPatient['appointments'][number]>[],
  };
  for (const resource of resources) {
    if (isRetracted(resource)) continue;
    switch (resource.resourceType) {
      case 'Condition': {
        const condition = kitCondition(resource);
        sections.problems.push({ at: rank(isCurrent(condition.status), condition.onset), item: condition });
        break;
      }
      case 'AllergyIntolerance': {
        const allergy = kitAllergy(resource);
        sections.allergies.push({
          at: rank(isCurrent(allergy.status), resource.recordedDate),
          item: allergy,
        });
        break;
      }
      case 'MedicationStatement':
      case 'MedicationRequest': {
        const medication = kitMedication(resource, medications);
        if (medication) {
          const current = medication.status === 'active' || medication.kind === 'order';
          sections.medications.push({ at: rank(current, medication.start), item: medication });
        }
        break;
      }
      case 'Immunization': {
        const immunization = kitImmunization(resource);
        sections.immunizations.push({ at: toMillis(immunization.date) ?? 0, item: immunization });
        break;
      }
      case 'Observation':
        addObservation(resource, sections);
        break;
      case 'Procedure': {
        const procedure = kitProcedure(resource);
        sections.procedures.push({ at: toMillis(procedure.at) ?? 0, item: procedure });
        break;
      }
      case 'Appointment': {
        const appointment = kitAppointment(resource);
        const at = toMillis(appointment?.start);
        if (appointment && at !== undefined && at >= now)
          sections.appointments.push({ at, item: appointment });
        break;
      }
      default:
        break;
    }
  }
  return sections;
}

function addObservation(
  observation: FhirResource,
  sections: { results: Timed<KitObservation>[]; vitals: Timed<KitObservation>[] },
) {
  if (!isShownObservation(observation)) return;
  const kind = observationKind(observation);
  if (kind === 'other') return;
  const value = observationValue(observation);
  if (value === undefined || isPanelOnly(observation, value)) return;
  const at =
    choiceTime(observation, 'effective') ??
    (typeof observation.issued === 'string' ? observation.issued : undefined);
  const item: KitObservation = {
    id: observation.id ?? '',
    code: kitCode(observation.code, 'Observation not coded'),
    value,
    at: at ?? null,
    flag: interpretationFlag(observation),
  };
  (kind === 'vital' ? sections.vitals : sections.results).push({ at: toMillis(at) ?? 0, item });
}

const CURRENT_STATUSES = new Set(['active', 'recurrence', 'relapse']);

function isCurrent(status: string | null): boolean {
  return status === null || CURRENT_STATUSES.has(status);
}

/** Current entries sort before past ones, each group newest first. */
function rank(current: boolean, time: unknown): number {
  const at = toMillis(time) ?? 0;
  return current ? at + CURRENT_BONUS : at;
}

/** Larger than any epoch millisecond FHIR can express (year 9999 is about 2.5e14). */
const CURRENT_BONUS = 1e15;

function newestFirst<T>(items: Timed<T>[], limit: number): T[] {
  return items
    .sort((a, b) => b.at - a.at)
    .slice(0, limit)
    .map((entry) => entry.item);
}
