import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encounter, medicationRequest, observation, patient, vitalSign } from '../fixtures.testkit.js';
import { ipsDocument } from '../ips/ips-document.js';
import type { FhirResource } from '../resource.js';
import { projectPatient } from './project.js';

const samples: FhirResource[] = [
  observation(),
  vitalSign('v1', '2026-11-26T08:00:00Z'),
  medicationRequest(),
  encounter(),
  {
    resourceType: 'MedicationAdministration',
    id: 'ma',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
  },
  { resourceType: 'Appointment', id: 'ap', status: 'booked', start: '2026-12-01T10:00:00Z', participant: [] },
  { resourceType: 'AllergyIntolerance', id: 'a', patient: { reference: 'Patient/p1' } },
  { resourceType: 'ServiceRequest', id: 'sr', status: 'active', subject: { reference: 'Patient/p1' } },
];

const repeat = fc.record(
  {
    frequency: fc.oneof(fc.integer({ min: -3, max: 50 }), fc.double()),
    period: fc.oneof(fc.integer({ min: -3, max: 50 }), fc.double()),
    periodUnit: fc.constantFrom('s', 'min', 'h', 'd', 'wk', 'mo', 'a', 'x'),
    timeOfDay: fc.array(fc.oneof(fc.string(), fc.constantFrom('08:00:00', '23:59:60')), { maxLength: 4 }),
    when: fc.array(fc.constantFrom('MORN', 'HS', 'C', 'nope'), { maxLength: 3 }),
    count: fc.integer({ min: -1, max: 10 }),
    dayOfWeek: fc.array(fc.constantFrom('mon', 'sun', 'xyz'), { maxLength: 3 }),
    boundsPeriod: fc.record({ start: fc.string(), end: fc.string() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

/** A sample with one element replaced by arbitrary JSON, or an order with an arbitrary schedule. */
const resource = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...samples),
      fc.constantFrom(
        'status',
        'code',
        'subject',
        'effectiveDateTime',
        'start',
        'location',
        'category',
        'valueQuantity',
        'dosage',
        'intent',
        'period',
      ),
      fc.jsonValue(),
    )
    .map(([sample, key, value]) => ({ ...sample, [key]: value })),
  repeat.map((timing) => medicationRequest({ dosageInstruction: [{ timing: { repeat: timing } }] })),
);

describe('projection under arbitrary resources', () => {
  it('never throws for a patient with malformed companions, and keeps its output bounded', () => {
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 12 }), fc.date({ noInvalidDate: true }), (others, now) => {
        const resources = [patient(), ...others];
        const kit = projectPatient(resources, { now });
        expect(kit.id).toBe('p1');
        expect(kit.mar.length).toBeLessThanOrEqual(400);
        ipsDocument(resources, { now, authorDisplay: 'x' });
      }),
      { numRuns: 1500 },
    );
  });
});
