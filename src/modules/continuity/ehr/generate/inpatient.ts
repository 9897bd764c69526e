import type { FhirResource } from '../fhir-types.js';
import {
  ADMISSION_REASONS,
  CHRONIC_PROBLEMS,
  PROCEDURES_DONE,
  PROCEDURES_PLANNED,
  SNOMED,
  type Specialty,
} from './catalogue.js';
import { VISIT_SYSTEM, type BedSpot, type HospitalLayout } from './facility.js';
import { medication, USUAL_ORDERS, type MedicationSpec } from './medications.js';
import { CARDIAC_LAB, INR_LAB, LABS, LACTATE_LAB } from './observations.js';
import { newPerson, patientResource } from './person.js';
import type { Random } from './random.js';
import { coding, RecordContext } from './record-context.js';
import { administrations, medicationRequest } from './record-medication.js';
import { labResults, vitalSigns } from './record-measures.js';
import { allergy, appointment, codeStatus, condition, immunization, procedure } from './record-problems.js';

const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

function admittedHoursAgo(random: Random, specialty: Specialty): number {
  if (specialty === 'emergency') return random.int(1, 10);
  if (specialty === 'maternity') return random.int(4, 72);
  if (specialty === 'icu') return random.int(6, 240);
  return random.weighted([
    [random.int(6, 48), 40],
    [random.int(49, 120), 35],
    [random.int(121, 336), 25],
  ]);
}

function severityOf(random: Random, specialty: Specialty): number {
  if (specialty === 'icu') return 1.5 + random.next();
  if (specialty === 'cardiology' || specialty === 'emergency') return 0.6 + random.next();
  return random.next() * 0.8;
}

/** The in-progress stay, with the ward, room and bed as Encounter.location entries. */
function inpatientEncounter(
  context: RecordContext,
  spot: BedSpot,
  hoursAgo: number,
  reason: { code: string; display: string },
  visit: string,
): FhirResource {
  const start = context.at(hoursAgo);
  const place = (id: string, display: string, code: string, label: string): object => ({
    location: { reference: `Location/${id}`, display },
    status: 'active',
    physicalType: coding(PHYSICAL_TYPE, code, label, false),
    period: { start },
  });
  const emergency = spot.unit.encounterClass === 'EMER';
  return {
    resourceType: 'Encounter',
    id: context.id('enc'),
    identifier: [{ system: VISIT_SYSTEM, value: visit }],
    status: 'in-progress',
    class: {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: spot.unit.encounterClass,
      display: emergency ? 'emergency' : 'inpatient encounter',
    },
    subject: context.patientRef,
    participant: [{ individual: context.staffRef(context.physician()) }],
    period: { start },
    reasonCode: [coding(SNOMED, reason.code, reason.display)],
    location: [
      place(spot.unit.locationId, spot.unit.name, 'wa', 'Ward'),
      place(spot.roomLocationId, spot.room, 'ro', 'Room'),
      place(spot.bedLocationId, spot.bed, 'bd', 'Bed'),
    ],
    serviceProvider: { reference: `Organization/${context.layout.organizationId}` },
  };
}

function orders(
  random: Random,
  specialty: Specialty,
  chronic: readonly (typeof CHRONIC_PROBLEMS)[number][],
): MedicationSpec[] {
  const atcs = new Set(random.sample(USUAL_ORDERS[specialty], random.int(2, 4)));
  for (const problem of chronic) if (problem.medication && random.chance(0.8)) atcs.add(problem.medication);
  return [...atcs].map(medication);
}

/** Everything the EHR holds about one inpatient: the stay, problems, orders and MAR, vitals, results. */
export function inpatientRecord(
  random: Random,
  index: number,
  now: Date,
  layout: HospitalLayout,
  spot: BedSpot,
): FhirResource[] {
  const specialty = spot.unit.specialty;
  const person = newPerson(random, index, now, specialty);
  const context = new RecordContext(random, now, layout, person.id);
  const age = now.getUTCFullYear() - Number(person.birthDate.slice(0, 4));
  const hoursIn = admittedHoursAgo(random, specialty);
  const severity = severityOf(random, specialty);
  const reason = random.pick(ADMISSION_REASONS[specialty]);
  const resources: FhirResource[] = [patientResource(person, random, layout.organizationId)];
  const encounter = inpatientEncounter(context, spot, hoursIn, reason, `V${person.mrn}${random.int(10, 99)}`);
  resources.push(encounter);
  context.encounterRef = { reference: `Encounter/${encounter.id}` };

  resources.push(condition(context, reason, 'encounter-diagnosis', hoursIn + random.int(1, 48)));
  const adult = specialty !== 'pediatrics' && specialty !== 'maternity';
  const chronic = adult
    ? random.sample(CHRONIC_PROBLEMS, age > 65 ? random.int(1, 4) : random.int(0, 2))
    : [];
  for (const problem of chronic)
    resources.push(condition(context, problem, 'problem-list-item', random.int(24 * 200, 24 * 365 * 15)));
  const allergies = random.weighted([
    [0, 70],
    [1, 25],
    [2, 5],
  ]);
  for (let count = 0; count < allergies; count += 1) resources.push(allergy(context));

  const medicationOrders = orders(random, specialty, chronic);
  for (const spec of medicationOrders) {
    const orderedHoursAgo = Math.max(1, hoursIn - random.int(0, Math.min(hoursIn - 1, 12)));
    const request = medicationRequest(context, spec, orderedHoursAgo);
    resources.push(request, ...administrations(context, request, spec, orderedHoursAgo));
  }

  const every = specialty === 'icu' || specialty === 'cardiology' ? 2 : specialty === 'emergency' ? 1 : 4;
  const nurse = context.staffRef(context.nurse());
  for (let hoursAgo = random.int(0, every - 1) + 0.25; hoursAgo < Math.min(24, hoursIn); hoursAgo += every) {
    resources.push(...vitalSigns(context, hoursAgo, severity, nurse));
  }

  const tests = [...LABS];
  if (specialty === 'cardiology' || specialty === 'icu') tests.push(CARDIAC_LAB);
  if (specialty === 'icu') tests.push(LACTATE_LAB);
  if (medicationOrders.some((spec) => spec.atc === 'B01AF02')) tests.push(INR_LAB);
  resources.push(...labResults(context, tests, Math.max(0.5, hoursIn - 0.5), severity));
  if (hoursIn > 14)
    resources.push(...labResults(context, tests.slice(0, 6), random.int(2, 10), severity * 0.7));

  const codeStatusChance = specialty === 'icu' ? 0.8 : age >= 75 ? 0.6 : 0.25;
  if (adult && random.chance(codeStatusChance)) {
    const dnrChance = specialty === 'icu' ? 0.15 : age >= 75 ? 0.5 : 0.1;
    resources.push(codeStatus(context, random.chance(dnrChance), Math.max(0.5, hoursIn - 1)));
  }
  if (hoursIn > 6 && random.chance(0.4))
    resources.push(procedure(context, random.pick(PROCEDURES_DONE), random.int(1, hoursIn - 1)));
  const plannedChance = specialty === 'surgery' || specialty === 'orthopedics' ? 0.6 : 0.15;
  if (random.chance(plannedChance)) {
    resources.push(
      procedure(
        context,
        random.pick(PROCEDURES_PLANNED[specialty] ?? PROCEDURES_PLANNED.default),
        -random.int(2, 48),
      ),
    );
  }
  context.encounterRef = null;
  if (random.chance(0.2))
    resources.push(appointment(context, 'Follow-up consultation', random.int(24 * 7, 24 * 60), 30));
  if (adult && random.chance(0.3)) resources.push(immunization(context));
  return resources;
}
