import { describe, expect, it } from 'vitest';
import { observation, patient } from '../fixtures.testkit.js';
import { readBundle } from './bundle.js';

const PATIENT_UUID = '742fc10a-c565-f636-3c05-5dcd28672194';
const ENCOUNTER_UUID = '27693cab-a4e6-7e79-507f-cbdfe2b82e56';
const CONDITIONAL = 'Organization?identifier=https://github.com/synthetichealth/synthea|37be5852';

function transaction(entries: unknown[]): Record<string, unknown> {
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

describe('readBundle', () => {
  it('turns urn:uuid references into Type/id, taking ids from the fullUrl, and keeps conditional references', () => {
    const { id: _id, ...patientWithoutId } = patient();
    const bundle = transaction([
      {
        fullUrl: `urn:uuid:${PATIENT_UUID}`,
        resource: patientWithoutId,
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: `urn:uuid:${ENCOUNTER_UUID}`,
        resource: {
          resourceType: 'Encounter',
          status: 'finished',
          class: { code: 'AMB' },
          subject: { reference: `urn:uuid:${PATIENT_UUID}` },
          serviceProvider: { reference: CONDITIONAL },
        },
        request: { method: 'POST', url: 'Encounter' },
      },
    ]);
    const before = JSON.stringify(bundle);
    const { resources, rejected } = readBundle(bundle);
    expect(rejected).toEqual([]);
    expect(resources.map((resource) => `${resource.resourceType}/${resource.id}`)).toEqual([
      `Patient/${PATIENT_UUID}`,
      `Encounter/${ENCOUNTER_UUID}`,
    ]);
    expect(resources[1]?.subject).toEqual({ reference: `Patient/${PATIENT_UUID}` });
    expect(resources[1]?.serviceProvider).toEqual({ reference: CONDITIONAL });
    expect(JSON.stringify(bundle)).toBe(before);
  });

  it('resolves fullUrls whose UUID differs from the resource id, and absolute fullUrls', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: `urn:uuid:${PATIENT_UUID}`, resource: patient({ id: 'p-with-suffix' }) },
        {
          fullUrl: 'https://ehr.example/fhir/Observation/o1',
          resource: observation({ id: 'o1', subject: { reference: `urn:uuid:${PATIENT_UUID}` } }),
        },
        {
          resource: observation({
            id: 'o2',
            subject: { reference: 'Patient/p-with-suffix' },
            hasMember: [{ reference: 'https://ehr.example/fhir/Observation/o1' }],
          }),
        },
      ],
    };
    const { resources } = readBundle(bundle);
    expect(resources[1]?.subject).toEqual({ reference: 'Patient/p-with-suffix' });
    expect(resources[2]?.hasMember).toEqual([{ reference: 'Observation/o1' }]);
  });

  it('assigns a fresh valid id when neither the resource nor its fullUrl gives one', () => {
    const { id: _id, ...withoutId } = observation();
    const { resources } = readBundle(transaction([{ resource: withoutId, request: { method: 'POST' } }]));
    expect(resources[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects malformed entries one by one with position and reason while the rest proceed', () => {
    const bundle = transaction([
      { resource: patient() },
      'not an entry',
      { resource: observation({ id: 'o-bad', code: undefined, status: 'final' }) },
      { fullUrl: 'urn:uuid:x' },
      { resource: { resourceType: 'Observation', id: 'has space', status: 'final', code: {} } },
      { resource: observation({ id: 'o-good' }) },
      { request: { method: 'DELETE', url: 'Observation/9' } },
    ]);
    const { resources, rejected } = readBundle(bundle);
    expect(resources.map((resource) => resource.id)).toEqual(['p1', 'o-good']);
    expect(rejected).toEqual([
      { position: 'bundle entry 1', resourceType: null, id: null, reason: 'bundle entry is not an object' },
      {
        position: 'bundle entry 2',
        resourceType: 'Observation',
        id: 'o-bad',
        reason: 'Observation.code is missing',
      },
      { position: 'bundle entry 3', resourceType: null, id: null, reason: 'bundle entry has no resource' },
      {
        position: 'bundle entry 4',
        resourceType: 'Observation',
        id: null,
        reason: 'Observation.id is not a FHIR id',
      },
    ]);
  });

  it('reads searchsets without the server OperationOutcome', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: patient(), search: { mode: 'match' } },
        {
          resource: {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'information', code: 'informational' }],
          },
          search: { mode: 'outcome' },
        },
      ],
    };
    expect(readBundle(bundle)).toEqual({ resources: [patient()], rejected: [] });
  });

  it('refuses the whole input when it is not an importable Bundle', () => {
    const refused = (json: unknown) =>
      readBundle(json).rejected.map((item) => `${item.position}: ${item.reason}`);
    expect(refused(patient())).toEqual(['bundle: input is not a FHIR Bundle']);
    expect(refused('text')).toEqual(['bundle: input is not a FHIR Bundle']);
    expect(refused({ resourceType: 'Bundle', type: 'history', entry: [] })).toEqual([
      'bundle: Bundle.type is not document, collection, transaction, batch or searchset',
    ]);
    expect(refused({ resourceType: 'Bundle', type: 'batch', entry: {} })).toEqual([
      'bundle: Bundle.entry is not a list',
    ]);
    expect(readBundle({ resourceType: 'Bundle', type: 'batch' })).toEqual({ resources: [], rejected: [] });
  });
});
