import type { FhirResource } from '../fhir-types.js';
import { ALLERGENS, CODE_STATUS, DNR, FULL_CODE, REACTIONS, SNOMED, type Concept } from './catalogue.js';
import { coding, type RecordContext } from './record-context.js';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';

export function condition(
  context: RecordContext,
  concept: Concept,
  kind: 'encounter-diagnosis' | 'problem-list-item',
  onsetHoursAgo: number,
): FhirResource {
  return {
    resourceType: 'Condition',
    id: context.id('cond'),
    clinicalStatus: coding(CLINICAL, 'active', 'Active', false),
    verificationStatus: coding(VERIFICATION, 'confirmed', 'Confirmed', false),
    category: [
      coding(
        CONDITION_CATEGORY,
        kind,
        kind === 'problem-list-item' ? 'Problem List Item' : 'Encounter Diagnosis',
        false,
      ),
    ],
    code: coding(SNOMED, concept.code, concept.display),
    subject: context.patientRef,
    ...(kind === 'encounter-diagnosis' && context.encounterRef ? { encounter: context.encounterRef } : {}),
    onsetDateTime: context.at(onsetHoursAgo),
    recordedDate: context.at(Math.max(0, onsetHoursAgo - 1)),
  };
}

export function allergy(context: RecordContext): FhirResource {
  const { random } = context;
  const substance = random.pick(ALLERGENS);
  const reaction = random.pick(REACTIONS);
  const severe = reaction.code === '39579001' || reaction.code === '41291007';
  return {
    resourceType: 'AllergyIntolerance',
    id: context.id('alg'),
    clinicalStatus: coding(
      'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
      'active',
      'Active',
    ),
    verificationStatus: coding(
      'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
      'confirmed',
      'Confirmed',
    ),
    type: random.chance(0.8) ? 'allergy' : 'intolerance',
    category: [
      substance.code === '762952008' ? 'food' : substance.code === '111088007' ? 'environment' : 'medication',
    ],
    criticality: severe ? 'high' : 'low',
    code: coding(SNOMED, substance.code, substance.display),
    patient: context.patientRef,
    recordedDate: context.at(random.int(24 * 30, 24 * 365 * 10)),
    reaction: [
      {
        manifestation: [coding(SNOMED, reaction.code, reaction.display)],
        severity: severe ? 'severe' : 'mild',
      },
    ],
  };
}

/** The resuscitation decision, as an Observation coded SNOMED CT 304251008. */
export function codeStatus(
  context: RecordContext,
  doNotResuscitate: boolean,
  hoursAgo: number,
): FhirResource {
  const value = doNotResuscitate ? DNR : FULL_CODE;
  return {
    resourceType: 'Observation',
    id: context.id('obs'),
    status: 'final',
    code: { ...coding(SNOMED, CODE_STATUS.code, CODE_STATUS.display), text: 'Code status' },
    subject: context.patientRef,
    ...(context.encounterRef ? { encounter: context.encounterRef } : {}),
    effectiveDateTime: context.at(hoursAgo),
    performer: [context.staffRef(context.physician())],
    valueCodeableConcept: {
      coding: [{ system: SNOMED, code: value.code, display: value.display }],
      text: value.text,
    },
  };
}

/** A done procedure (hoursAgo > 0) or one planned for later (`preparation`, hoursAgo < 0). */
export function procedure(context: RecordContext, concept: Concept, hoursAgo: number): FhirResource {
  const planned = hoursAgo < 0;
  return {
    resourceType: 'Procedure',
    id: context.id('proc'),
    status: planned ? 'preparation' : 'completed',
    code: coding(SNOMED, concept.code, concept.display),
    subject: context.patientRef,
    ...(context.encounterRef ? { encounter: context.encounterRef } : {}),
    performedDateTime: context.at(hoursAgo),
    performer: [{ actor: context.staffRef(context.physician()) }],
  };
}

export function appointment(
  context: RecordContext,
  description: string,
  hoursAhead: number,
  minutes: number,
): FhirResource {
  const start = context.at(-hoursAhead);
  return {
    resourceType: 'Appointment',
    id: context.id('appt'),
    status: 'booked',
    serviceType: [{ text: description }],
    description,
    start,
    end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
    minutesDuration: minutes,
    participant: [
      { actor: context.patientRef, status: 'accepted' },
      { actor: context.staffRef(context.physician()), status: 'accepted' },
      {
        actor: { reference: `Location/${context.layout.clinicLocationId}`, display: 'Outpatient clinic' },
        status: 'accepted',
      },
    ],
  };
}

const VACCINES: readonly Concept[] = [
  { code: '140', display: 'Influenza, seasonal, injectable, preservative free' },
  { code: '208', display: 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose' },
  { code: '139', display: 'Td (adult), adsorbed' },
];

export function immunization(context: RecordContext): FhirResource {
  const vaccine = context.random.pick(VACCINES);
  return {
    resourceType: 'Immunization',
    id: context.id('imm'),
    status: 'completed',
    vaccineCode: coding('http://hl7.org/fhir/sid/cvx', vaccine.code, vaccine.display),
    patient: context.patientRef,
    occurrenceDateTime: context.at(context.random.int(24 * 20, 24 * 700)),
    primarySource: true,
  };
}
