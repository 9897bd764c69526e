import type { FhirResource } from '../fhir-types.js';
import { CHRONIC_PROBLEMS } from './catalogue.js';
import { VISIT_SYSTEM, type HospitalLayout } from './facility.js';
import { medication } from './medications.js';
import { LABS } from './observations.js';
import { newPerson, patientResource } from './person.js';
import type { Random } from './random.js';
import { RecordContext } from './record-context.js';
import { medicationStatement } from './record-medication.js';
import { labResults } from './record-measures.js';
import { allergy, appointment, condition, immunization } from './record-problems.js';

/** A smaller record: a past consultation, chronic problems and home medication, maybe results. */
export function outpatientRecord(
  random: Random,
  index: number,
  now: Date,
  layout: HospitalLayout,
): FhirResource[] {
  const person = newPerson(random, index, now, 'outpatient');
  const context = new RecordContext(random, now, layout, person.id);
  const age = now.getUTCFullYear() - Number(person.birthDate.slice(0, 4));
  const visitHoursAgo = random.int(24, 24 * 700);
  const start = context.at(visitHoursAgo);
  const encounterId = context.id('enc');
  const resources: FhirResource[] = [
    patientResource(person, random, layout.organizationId),
    {
      resourceType: 'Encounter',
      id: encounterId,
      identifier: [{ system: VISIT_SYSTEM, value: `V${person.mrn}${random.int(10, 99)}` }],
      status: 'finished',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'AMB',
        display: 'ambulatory',
      },
      type: [{ text: 'Consultation' }],
      subject: context.patientRef,
      participant: [{ individual: context.staffRef(context.physician()) }],
      period: { start, end: new Date(Date.parse(start) + 20 * 60_000).toISOString() },
      location: [
        {
          location: { reference: `Location/${layout.clinicLocationId}`, display: 'Outpatient clinic' },
          status: 'completed',
        },
      ],
      serviceProvider: { reference: `Organization/${layout.organizationId}` },
    },
  ];
  const chronicCount =
    age < 18
      ? random.weighted([
          [0, 85],
          [1, 15],
        ])
      : age < 65
        ? random.int(0, 2)
        : random.int(1, 3);
  for (const problem of random.sample(CHRONIC_PROBLEMS, chronicCount)) {
    resources.push(condition(context, problem, 'problem-list-item', random.int(24 * 60, 24 * 365 * 20)));
    if (problem.medication && random.chance(0.7))
      resources.push(
        medicationStatement(context, medication(problem.medication), random.int(24 * 30, 24 * 365 * 5)),
      );
  }
  if (random.chance(0.18)) resources.push(allergy(context));
  if (random.chance(0.4)) {
    context.encounterRef = { reference: `Encounter/${encounterId}` };
    resources.push(...labResults(context, random.sample(LABS, random.int(2, 4)), visitHoursAgo, 0));
    context.encounterRef = null;
  }
  if (age >= 18 && random.chance(0.35)) resources.push(immunization(context));
  if (random.chance(0.12))
    resources.push(appointment(context, 'Outpatient consultation', random.int(24, 24 * 90), 20));
  return resources;
}
