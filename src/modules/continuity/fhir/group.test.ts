import { describe, expect, it } from 'vitest';
import { medicationRequest, observation, patient } from './fixtures.testkit.js';
import { groupByPatient } from './group.js';
import type { FhirResource } from './resource.js';

const UUID = '742fc10a-c565-f636-3c05-5dcd28672194';

function idsOf(resources: FhirResource[] | undefined): string[] {
  return (resources ?? []).map((resource) => `${resource.resourceType}/${resource.id}`);
}

describe('groupByPatient', () => {
  it('groups each resource under the patient it names, with the Patient itself', () => {
    const groups = groupByPatient([
      patient(),
      patient({ id: 'p2' }),
      observation({ id: 'o1' }),
      observation({ id: 'o2', subject: { reference: 'https://ehr.example/fhir/Patient/p2' } }),
      { resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'Patient/p2' } },
      {
        resourceType: 'Appointment',
        id: 'ap1',
        status: 'booked',
        participant: [{ actor: { reference: 'Location/l1' } }, { actor: { reference: 'Patient/p1' } }],
      },
      { resourceType: 'Organization', id: 'org1' },
      observation({ id: 'o3', subject: { reference: 'Group/g1' } }),
    ]);
    expect([...groups.keys()]).toEqual(['p1', 'p2']);
    expect(idsOf(groups.get('p1'))).toEqual(['Patient/p1', 'Observation/o1', 'Appointment/ap1']);
    expect(idsOf(groups.get('p2'))).toEqual(['Patient/p2', 'Observation/o2', 'AllergyIntolerance/a1']);
  });

  it('resolves urn:uuid references to a Patient with that id, and only then', () => {
    const groups = groupByPatient([
      patient({ id: UUID }),
      observation({ id: 'o1', subject: { reference: `urn:uuid:${UUID}` } }),
      observation({ id: 'o2', subject: { reference: 'urn:uuid:00000000-0000-0000-0000-000000000000' } }),
    ]);
    expect(idsOf(groups.get(UUID))).toEqual([`Patient/${UUID}`, 'Observation/o1']);
    expect(groups.size).toBe(1);
  });

  it('adds the Medication resources a patient’s medication resources reference, once per group', () => {
    const medication = { resourceType: 'Medication', id: 'm1', code: { text: 'Anastrozole 1 mg' } };
    const byReference = {
      medicationReference: { reference: 'Medication/m1' },
      medicationCodeableConcept: undefined,
    };
    const groups = groupByPatient([
      medication,
      patient(),
      medicationRequest({ id: 'r1', ...byReference }),
      medicationRequest({ id: 'r2', ...byReference }),
      medicationRequest({ id: 'r3', ...byReference, subject: { reference: 'Patient/p2' } }),
    ]);
    expect(idsOf(groups.get('p1'))).toEqual([
      'Patient/p1',
      'MedicationRequest/r1',
      'MedicationRequest/r2',
      'Medication/m1',
    ]);
    expect(idsOf(groups.get('p2'))).toEqual(['MedicationRequest/r3', 'Medication/m1']);
  });
});
