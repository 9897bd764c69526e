import type { FhirResource } from './resource.js';

/** Small, valid FHIR R4 resources for tests; each builder takes overrides for the case at hand. */
export const LOINC = 'http://loinc.org';
export const PATIENT_ID = 'p1';
export const SUBJECT = { reference: `Patient/${PATIENT_ID}` };

export function patient(overrides: Record<string, unknown> = {}): FhirResource {
  return {
    resourceType: 'Patient',
    id: PATIENT_ID,
    identifier: [
      { system: 'urn:oid:1.2.3', value: 'NAT-1' },
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        system: 'urn:hospital:mrn',
        value: 'MRN-42',
      },
    ],
    name: [
      { use: 'maiden', family: 'Old', given: ['Ann'] },
      { use: 'official', family: 'Peeters', given: ['Ann', 'Marie'] },
    ],
    gender: 'female',
    birthDate: '1950-03-04',
    ...overrides,
  };
}

export function observation(overrides: Record<string, unknown> = {}): FhirResource {
  return {
    resourceType: 'Observation',
    id: 'obs1',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code: '2345-7', display: 'Glucose' }] },
    subject: SUBJECT,
    effectiveDateTime: '2026-11-26T06:00:00Z',
    valueQuantity: { value: 7.2, unit: 'mmol/L' },
    ...overrides,
  };
}

export function vitalSign(id: string, at: string, overrides: Record<string, unknown> = {}): FhirResource {
  return observation({
    id,
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }] },
    effectiveDateTime: at,
    valueQuantity: { value: 72, unit: '/min' },
    ...overrides,
  });
}

export function medicationRequest(overrides: Record<string, unknown> = {}): FhirResource {
  return {
    resourceType: 'MedicationRequest',
    id: 'order1',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'Amoxicillin 500 mg capsule' },
    subject: SUBJECT,
    authoredOn: '2026-11-25T08:00:00Z',
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd' } },
        route: { text: 'oral' },
        doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg' } }],
      },
    ],
    ...overrides,
  };
}

export function encounter(overrides: Record<string, unknown> = {}): FhirResource {
  return {
    resourceType: 'Encounter',
    id: 'enc1',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: SUBJECT,
    period: { start: '2026-11-24T10:00:00Z' },
    location: [{ location: { display: 'ICU / 12 / B' }, status: 'active' }],
    ...overrides,
  };
}
