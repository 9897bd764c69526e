import type { FhirResource } from '../fhir/index.js';
import type { CensusEvent } from '../types.js';

/** A small inpatient record of our own: a Patient with an MRN, a problem, an allergy and a vital sign. */
export function inpatientBundle(id: string, mrn: string, family: string): FhirResource {
  const patient = `Patient/${id}`;
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'Patient',
          id,
          meta: { lastUpdated: '2026-11-26T07:00:00Z' },
          identifier: [
            {
              type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
              value: mrn,
            },
          ],
          name: [{ family, given: ['Lotte'] }],
          birthDate: '1948-05-02',
          gender: 'female',
        },
      },
      {
        resource: {
          resourceType: 'AllergyIntolerance',
          id: `${id}-allergy`,
          patient: { reference: patient },
          criticality: 'high',
          code: { text: 'Penicillin' },
        },
      },
      {
        resource: {
          resourceType: 'Condition',
          id: `${id}-problem`,
          subject: { reference: patient },
          clinicalStatus: { coding: [{ code: 'active' }] },
          code: { text: 'Sepsis' },
        },
      },
      {
        resource: {
          resourceType: 'Observation',
          id: `${id}-pulse`,
          status: 'final',
          category: [{ coding: [{ code: 'vital-signs' }] }],
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
          subject: { reference: patient },
          effectiveDateTime: '2026-11-26T06:30:00Z',
          valueQuantity: { value: 112, unit: '/min' },
        },
      },
    ],
  };
}

export function adt(
  trigger: 'A01' | 'A03',
  mrn: string,
  controlId: string,
  at: string,
  bed: string | null,
): CensusEvent {
  return {
    kind: trigger === 'A01' ? 'admit' : 'discharge',
    trigger,
    messageControlId: controlId,
    at,
    patient: { mrn, family: 'Peeters', given: 'Lotte', birthDate: '1948-05-02', gender: 'female' },
    location: bed === null ? null : { unit: 'ICU', room: '1', bed },
    priorLocation: null,
    visitNumber: 'V1',
    patientClass: 'I',
  };
}
