import type { FhirResource } from '../fhir-types.js';
import { ATC, SNOMED, UCUM } from './catalogue.js';
import { scheduledInstants } from './local-time.js';
import { ROUTES, type MedicationSpec, type Route } from './medications.js';
import { coding, type RecordContext } from './record-context.js';

const ROUTE_WORDS: Record<Route, string> = {
  oral: 'orally',
  intravenous: 'IV',
  subcutaneous: 'subcutaneously',
  inhalation: 'by nebuliser',
};

const NOT_GIVEN_REASONS = [
  'Patient refused',
  'Nil by mouth',
  'Patient off the ward',
  'Held: low blood pressure',
];

function dosage(spec: MedicationSpec): Record<string, unknown> {
  const route = ROUTES[spec.route];
  const timing = spec.prnEveryHours
    ? { repeat: { frequency: 1, period: spec.prnEveryHours, periodUnit: 'h' } }
    : {
        repeat: {
          frequency: spec.times.length,
          period: 1,
          periodUnit: 'd',
          timeOfDay: spec.times.map((time) => `${time}:00`),
        },
      };
  return {
    sequence: 1,
    text: `${spec.dose} ${spec.unitDisplay} ${ROUTE_WORDS[spec.route]} ${spec.frequency}`,
    timing,
    ...(spec.prnEveryHours ? { asNeededBoolean: true } : {}),
    route: coding(SNOMED, route.code, route.display, false),
    doseAndRate: [
      { doseQuantity: { value: spec.dose, unit: spec.unitDisplay, system: UCUM, code: spec.unit } },
    ],
  };
}

function medicationConcept(spec: MedicationSpec): object {
  return coding(ATC, spec.atc, spec.display);
}

export function medicationRequest(
  context: RecordContext,
  spec: MedicationSpec,
  authoredHoursAgo: number,
): FhirResource {
  return {
    resourceType: 'MedicationRequest',
    id: context.id('medreq'),
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: medicationConcept(spec),
    subject: context.patientRef,
    ...(context.encounterRef ? { encounter: context.encounterRef } : {}),
    authoredOn: context.at(authoredHoursAgo),
    requester: context.staffRef(context.physician()),
    dosageInstruction: [dosage(spec)],
  };
}

/** What the patient takes at home, for the IPS medication summary. */
export function medicationStatement(
  context: RecordContext,
  spec: MedicationSpec,
  sinceHoursAgo: number,
): FhirResource {
  return {
    resourceType: 'MedicationStatement',
    id: context.id('medstat'),
    status: 'active',
    medicationCodeableConcept: medicationConcept(spec),
    subject: context.patientRef,
    effectivePeriod: { start: context.at(sinceHoursAgo) },
    dateAsserted: context.at(Math.min(sinceHoursAgo, context.random.int(24, 24 * 180))),
    dosage: [dosage(spec)],
  };
}

/**
 * The MAR of one order over the last 24 hours (not before the order): scheduled doses given a little
 * after their time, now and then not given with a reason; as-needed orders given a few times.
 */
export function administrations(
  context: RecordContext,
  request: FhirResource,
  spec: MedicationSpec,
  orderedHoursAgo: number,
): FhirResource[] {
  const { random } = context;
  const now = context.now.getTime();
  const from = Math.max(now - 24 * 3_600_000, now - orderedHoursAgo * 3_600_000);
  const times = spec.prnEveryHours
    ? Array.from({ length: random.int(0, 2) }, () => from + random.next() * (now - from)).sort(
        (a, b) => a - b,
      )
    : scheduledInstants(spec.times, from, now);
  const route = ROUTES[spec.route];
  return times
    .map((instant) => instant + (spec.prnEveryHours ? 0 : random.int(0, 25) * 60_000))
    .filter((instant) => instant < now)
    .map((instant): FhirResource => {
      const given = random.chance(0.93);
      return {
        resourceType: 'MedicationAdministration',
        id: context.id('medadm'),
        status: given ? 'completed' : 'not-done',
        ...(given ? {} : { statusReason: [{ text: random.pick(NOT_GIVEN_REASONS) }] }),
        medicationCodeableConcept: medicationConcept(spec),
        subject: context.patientRef,
        ...(context.encounterRef ? { context: context.encounterRef } : {}),
        effectiveDateTime: new Date(Math.floor(instant / 60_000) * 60_000).toISOString(),
        performer: [{ actor: context.staffRef(context.nurse()) }],
        request: { reference: `MedicationRequest/${request.id}` },
        dosage: {
          text: `${spec.dose} ${spec.unitDisplay} ${ROUTE_WORDS[spec.route]}`,
          route: coding(SNOMED, route.code, route.display, false),
          dose: { value: spec.dose, unit: spec.unitDisplay, system: UCUM, code: spec.unit },
        },
      };
    });
}
