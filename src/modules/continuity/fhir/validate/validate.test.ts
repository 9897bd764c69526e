import { describe, expect, it } from 'vitest';
import { SUBJECT, encounter, medicationRequest, observation, patient } from '../fixtures.testkit.js';
import { validateResource } from './validate.js';

function reasonOf(value: unknown): string {
  const result = validateResource(value);
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

describe('validateResource', () => {
  it('accepts well-formed resources of the kinds kits read and returns the same object', () => {
    const resources = [
      patient(),
      observation(),
      medicationRequest(),
      encounter(),
      { resourceType: 'Condition', id: 'c1', subject: SUBJECT, onsetDateTime: '2015' },
      { resourceType: 'AllergyIntolerance', patient: SUBJECT, criticality: 'high' },
      {
        resourceType: 'Immunization',
        status: 'completed',
        vaccineCode: { text: 'Influenza' },
        patient: SUBJECT,
        occurrenceString: 'autumn 2019',
      },
      {
        resourceType: 'Claim',
        id: 'x',
        patient: { reference: 'urn:uuid:742fc10a-c565-f636-3c05-5dcd28672194' },
      },
    ];
    for (const resource of resources) {
      const result = validateResource(resource);
      expect(result).toEqual({ ok: true, resource });
      expect(result.ok && result.resource).toBe(resource);
    }
  });

  it('names the missing element required by R4 cardinality', () => {
    const { code: _code, ...noCode } = observation();
    expect(reasonOf(noCode)).toBe('Observation.code is missing');
    expect(reasonOf({ resourceType: 'Condition', code: { text: 'x' } })).toBe('Condition.subject is missing');
    const { medicationCodeableConcept: _medication, ...noMedication } = medicationRequest();
    expect(reasonOf(noMedication)).toBe('MedicationRequest.medication[x] is missing');
    expect(reasonOf({ resourceType: 'AllergyIntolerance', code: { text: 'Penicillin' } })).toBe(
      'AllergyIntolerance.patient is missing',
    );
    expect(
      reasonOf({
        resourceType: 'Immunization',
        status: 'completed',
        vaccineCode: { text: 'x' },
        patient: SUBJECT,
      }),
    ).toBe('Immunization.occurrence[x] is missing');
    expect(reasonOf({ ...encounter(), class: undefined })).toBe('Encounter.class is missing');
    expect(reasonOf({ resourceType: 'Appointment', status: 'booked', participant: [] })).toBe(
      'Appointment.participant is empty',
    );
  });

  it('checks date, dateTime and instant syntax from the R4 datatypes page, and real calendar days', () => {
    expect(reasonOf(patient({ birthDate: '1972-13-01' }))).toBe('Patient.birthDate is not a FHIR date');
    expect(reasonOf(patient({ birthDate: '2023-02-29' }))).toBe('Patient.birthDate is not a FHIR date');
    expect(validateResource(patient({ birthDate: '2024-02-29' })).ok).toBe(true);
    expect(validateResource(patient({ birthDate: '1972' })).ok).toBe(true);
    expect(reasonOf(observation({ effectiveDateTime: '2020-01-01T10:00' }))).toBe(
      'Observation.effectiveDateTime is not a FHIR dateTime',
    );
    expect(reasonOf(observation({ effectiveDateTime: '2020-01-01T10:00:00' }))).toBe(
      'Observation.effectiveDateTime is not a FHIR dateTime',
    );
    expect(validateResource(observation({ effectiveDateTime: '2020-01-01T10:00:00.123456+14:00' })).ok).toBe(
      true,
    );
    expect(
      reasonOf(observation({ effectiveDateTime: undefined, effectivePeriod: { start: '01/02/2020' } })),
    ).toBe('Observation.effectivePeriod.start is not a FHIR dateTime');
    expect(reasonOf(observation({ issued: '2020-01-01' }))).toBe('Observation.issued is not a FHIR instant');
    expect(reasonOf(patient({ meta: { lastUpdated: '2020-01-01T00:00:00' } }))).toBe(
      'Patient.meta.lastUpdated is not a FHIR instant',
    );
    expect(
      reasonOf(
        encounter({
          location: [{ location: { display: 'ICU' }, period: { start: '2020-01-01', end: 'soon' } }],
        }),
      ),
    ).toBe('Encounter.location.period.end is not a FHIR dateTime');
  });

  it('checks id syntax', () => {
    expect(reasonOf(patient({ id: 'has space' }))).toBe('Patient.id is not a FHIR id');
    expect(reasonOf(patient({ id: 'a'.repeat(65) }))).toBe('Patient.id is not a FHIR id');
    expect(reasonOf(patient({ id: 42 }))).toBe('Patient.id is not a FHIR id');
    expect(validateResource(patient({ id: 'A-1.b'.padEnd(64, 'x') })).ok).toBe(true);
  });

  it('accepts every reference form bundles use and rejects malformed ones with their path', () => {
    const good = [
      'Patient/1',
      'https://ehr.example/fhir/Patient/1/_history/3',
      'urn:uuid:742fc10a-c565-f636-3c05-5dcd28672194',
      'urn:oid:1.2.840.113619',
      'Organization?identifier=https://github.com/synthetichealth/synthea|37be5852',
      '#med1',
    ];
    for (const reference of good)
      expect(validateResource(observation({ subject: { reference } })).ok).toBe(true);
    const bad = ['Patient/ 1', 'Foo/1', 'Ann Peeters', '', 'urn:uuid:nope', 'ftp://x/Patient/1', 'Patient/'];
    for (const reference of bad) {
      expect(reasonOf(observation({ subject: { reference } }))).toBe(
        'Observation.subject.reference is not a valid reference',
      );
    }
    const guide = {
      resourceType: 'ImplementationGuide',
      definition: { resource: [{ reference: { reference: 'StructureDefinition/x' } }] },
    };
    expect(validateResource(guide).ok).toBe(true);
    expect(reasonOf({ ...guide, definition: { resource: [{ reference: { reference: 'x y' } }] } })).toBe(
      'ImplementationGuide.definition.resource.reference.reference is not a valid reference',
    );
    expect(reasonOf(observation({ subject: { reference: 7 } }))).toBe(
      'Observation.subject.reference is not a valid reference',
    );
    expect(reasonOf(observation({ performer: [{ display: 'x' }, { reference: 'nope' }] }))).toBe(
      'Observation.performer.reference is not a valid reference',
    );
  });

  it('refuses what is not a known resource, and allowed codes only for required bindings', () => {
    expect(reasonOf(null)).toBe('resource is not a JSON object');
    expect(reasonOf([patient()])).toBe('resource is not a JSON object');
    expect(reasonOf({ id: '1' })).toBe('resourceType is missing');
    expect(reasonOf({ resourceType: 'Pateint' })).toBe('resourceType is not a FHIR R4 resource type');
    expect(reasonOf(observation({ status: 'done' }))).toBe(
      'Observation.status is not one of its allowed codes',
    );
    expect(reasonOf(observation({ code: 'glucose' }))).toBe('Observation.code is not an object');
    expect(reasonOf(patient({ name: { family: 'x' } }))).toBe('Patient.name is not a list');
    expect(reasonOf(observation({ contained: [{ id: 'x' }] }))).toBe(
      'Observation.contained holds something that is not a FHIR resource',
    );
  });

  it('never puts element values into reasons', () => {
    const reason = reasonOf(patient({ name: [{ family: 'Janssens' }], birthDate: 'Janssens born 1950' }));
    expect(reason).not.toContain('Janssens');
    expect(reasonOf(observation({ subject: { reference: 'Patient Janssens' } }))).not.toContain('Janssens');
  });

  it('refuses documents nested too deeply instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { value: 1 };
    for (let level = 0; level < 10_000; level += 1) deep = { extension: [deep] };
    expect(reasonOf(patient({ extension: [deep] }))).toMatch(/^Patient(\.extension)+ nests too deeply$/);
  });

  it('checks the document Bundle and Composition invariants', () => {
    const composition = {
      resourceType: 'Composition',
      status: 'final',
      type: { text: 'summary' },
      date: '2026-11-26',
      author: [{ display: 'Dr A' }],
      title: 'IPS',
      section: [
        { title: 'Allergies', emptyReason: { text: 'none' }, entry: [{ reference: 'AllergyIntolerance/1' }] },
      ],
    };
    expect(reasonOf(composition)).toBe('Composition.section has an emptyReason and entries');
    const document = {
      resourceType: 'Bundle',
      type: 'document',
      identifier: { value: 'x' },
      timestamp: '2026-11-26T08:00:00Z',
      entry: [{ resource: patient() }],
    };
    expect(reasonOf(document)).toBe('Bundle.entry does not start with a Composition');
    expect(reasonOf({ ...document, identifier: undefined })).toBe(
      'Bundle.identifier is missing for a document',
    );
  });
});
