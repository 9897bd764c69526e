import { describe, expect, it } from 'vitest';
import { verifyDocumentationBundle } from '../../kit/neutral.js';
import { documentationKey } from '../viewer.testkit.js';
import { emptyDocumentationState } from './entries.js';
import { signedExport } from './export.js';
import { buildDocumentationBundle } from './fhir-bundle.js';
import type { FhirResource } from './fhir-resource.js';
import { admission, medication, note, opening, sampleState, vitals } from './documentation.testkit.js';

const context = {
  exportId: 'e0000000-0000-4000-8000-000000000000',
  timestamp: '2026-11-26T08:01:00.000Z',
  hospital: 'AZ Test',
};

type Entry = { fullUrl: string; resource: FhirResource & Record<string, any> };

function entries(bundle: FhirResource): Entry[] {
  return bundle.entry as Entry[];
}

function byUuid(bundle: FhirResource, uuid: string): Entry['resource'] {
  const found = entries(bundle).find((entry) => entry.fullUrl === `urn:uuid:${uuid}`);
  if (found === undefined) throw new Error(`no entry ${uuid}`);
  return found.resource;
}

describe('buildDocumentationBundle', () => {
  const bundle = buildDocumentationBundle(sampleState(), context);

  it('is a collection with the export identifier and timestamp', () => {
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'collection',
      identifier: { system: 'urn:lifeline:downtime-export', value: context.exportId },
      timestamp: context.timestamp,
    });
    expect(entries(bundle)).toHaveLength(5 + 1 + 1 + 2 + 1);
  });

  it('gives every documented resource its fullUrl uuid as a downtime identifier', () => {
    for (const entry of entries(bundle)) {
      if (entry.resource.resourceType === 'AuditEvent') continue;
      const uuid = entry.fullUrl.replace('urn:uuid:', '');
      expect(entry.resource.identifier).toContainEqual({ system: 'urn:lifeline:downtime', value: uuid });
    }
  });

  it('codes vital signs with LOINC and UCUM, blood pressure as a panel with components', () => {
    const heartRate = byUuid(bundle, vitals.readings[0]!.uuid);
    expect(heartRate).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      valueQuantity: { value: 88, system: 'http://unitsofmeasure.org', code: '/min' },
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: vitals.at,
      performer: [{ display: 'RN Smet' }],
    });
    const pressure = byUuid(bundle, vitals.readings[1]!.uuid);
    expect(pressure.code.coding[0].code).toBe('85354-9');
    expect(
      pressure.component.map((component: any) => [
        component.code.coding[0].code,
        component.valueQuantity.value,
        component.valueQuantity.code,
      ]),
    ).toEqual([
      ['8480-6', 120, 'mm[Hg]'],
      ['8462-4', 80, 'mm[Hg]'],
    ]);
    expect(byUuid(bundle, vitals.readings[2]!.uuid)).toMatchObject({
      code: { coding: [{ code: '8310-5' }] },
      valueQuantity: { value: 38.2, code: 'Cel' },
    });
    expect(byUuid(bundle, vitals.readings[3]!.uuid)).toMatchObject({
      code: { coding: [{ code: '9279-1' }] },
      valueQuantity: { code: '/min' },
    });
    expect(byUuid(bundle, vitals.readings[4]!.uuid)).toMatchObject({
      code: { coding: [{ code: '59408-5' }] },
      valueQuantity: { code: '%' },
    });
  });

  it('records a dose not given against its order, with the reason', () => {
    expect(byUuid(bundle, medication.id)).toMatchObject({
      resourceType: 'MedicationAdministration',
      status: 'not-done',
      statusReason: [{ text: 'Patient in theatre' }],
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '2193' }],
        text: 'Ceftriaxone',
      },
      request: { reference: 'MedicationRequest/rx-1' },
      dosage: { text: '1 g IV' },
      effectiveDateTime: medication.at,
      performer: [{ actor: { display: 'RN Smet' } }],
    });
  });

  it('stores a note as a progress note with base64 UTF-8 text, about the new patient', () => {
    const reference = byUuid(bundle, note.id);
    expect(reference).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
      subject: { reference: `urn:uuid:${admission.patientUuid}` },
      date: note.at,
      author: [{ display: 'Dr Maes' }],
      content: [{ attachment: { contentType: 'text/plain' } }],
    });
    expect(Buffer.from(reference.content[0].attachment.data, 'base64').toString('utf8')).toBe(note.text);
  });

  it('admits a new patient with the downtime id and an inpatient encounter, before anything about them', () => {
    const patient = byUuid(bundle, admission.patientUuid);
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      name: [{ family: 'Nieuw', given: ['Noor', 'Anna'] }],
      gender: 'female',
      birthDate: '1990-01-02',
    });
    expect(patient.identifier).toContainEqual({ system: 'urn:lifeline:downtime-id', value: 'DT-ICU-0001' });
    expect(byUuid(bundle, admission.encounterUuid)).toMatchObject({
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { code: 'IMP' },
      subject: { reference: `urn:uuid:${admission.patientUuid}` },
      period: { start: admission.at },
      location: [{ location: { display: 'ICU / 2 / 3' } }],
    });
    const order = entries(bundle).map((entry) => entry.resource.resourceType);
    expect(order.indexOf('Patient')).toBeLessThan(order.indexOf('DocumentReference'));
  });

  it('logs each record opening as an AuditEvent naming the kit and the patient', () => {
    expect(byUuid(bundle, opening.uuid)).toMatchObject({
      resourceType: 'AuditEvent',
      type: {
        system: 'http://dicom.nema.org/resources/ontology/DCM',
        code: '110110',
        display: 'Patient Record',
      },
      action: 'R',
      recorded: opening.at,
      agent: [{ who: { display: 'Dr Maes' }, requestor: true }],
      entity: [
        { what: { identifier: { system: 'urn:lifeline:kit', value: 'kit-icu-d2' } } },
        { what: { reference: 'Patient/p1' } },
      ],
    });
  });

  it('gives the same bundle for the same state, so a re-export keeps every identifier', () => {
    expect(buildDocumentationBundle(sampleState(), context)).toEqual(bundle);
    expect(entries(buildDocumentationBundle(emptyDocumentationState(), context))).toEqual([]);
  });
});

describe('signedExport', () => {
  it('signs with the kit documentation key so reconciliation can verify it', async () => {
    const result = await signedExport(sampleState(), {
      hospital: 'AZ Test',
      scope: { kind: 'unit', unit: 'ICU / east' },
      key: { keyId: documentationKey.keyId, privateKeyPkcs8: documentationKey.privateKeyPkcs8 },
      user: 'RN Smet',
      now: new Date(context.timestamp),
      exportId: context.exportId,
    });
    expect(result.fileName).toBe('lifeline-downtime-ICU-east-20261126T080100.json');
    expect(result.newEntries).toBe(4);
    const parsed = JSON.parse(JSON.stringify(result.bundle)) as FhirResource;
    await expect(
      verifyDocumentationBundle(parsed, [
        { keyId: documentationKey.keyId, publicKey: documentationKey.publicKey },
      ]),
    ).resolves.toEqual({
      keyId: 'doc-icu',
    });
    const changed = { ...parsed, timestamp: '2026-11-26T09:00:00.000Z' };
    await expect(
      verifyDocumentationBundle(changed, [
        { keyId: documentationKey.keyId, publicKey: documentationKey.publicKey },
      ]),
    ).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID',
    });
  });
});
