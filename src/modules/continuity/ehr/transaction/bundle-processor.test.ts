import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../../kernel/errors.js';
import { EhrStore } from '../store/store.js';
import { processBundle } from './bundle-processor.js';

type Json = Record<string, any>;

function transaction(entries: Json[], type = 'transaction'): Json {
  return { resourceType: 'Bundle', type, entry: entries };
}

const patientEntry = {
  fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111',
  resource: { resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: '1' }] },
  request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=urn:mrn|1' },
};
const observationEntry = {
  fullUrl: 'urn:uuid:22222222-2222-4222-8222-222222222222',
  resource: {
    resourceType: 'Observation',
    status: 'final',
    subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' },
  },
  request: { method: 'POST', url: 'Observation' },
};

describe('processBundle', () => {
  it('creates resources and rewrites urn:uuid references to the new ids', () => {
    const store = new EhrStore();
    const { response, written } = processBundle(store, transaction([patientEntry, observationEntry]));
    expect(written).toHaveLength(2);
    const patientId = written[0]!.id;
    const observation = store.read('Observation', written[1]!.id)!;
    expect(observation.subject).toEqual({ reference: `Patient/${patientId}` });
    expect((response.entry as Json[]).map((entry) => entry.response.status)).toEqual([
      '201 Created',
      '201 Created',
    ]);
    expect((response.entry as Json[])[0]!.response.location).toBe(`Patient/${patientId}/_history/1`);
  });

  it('does not create twice with ifNoneExist, and points references at the existing resource', () => {
    const store = new EhrStore();
    const first = processBundle(store, transaction([patientEntry]));
    const second = processBundle(store, transaction([patientEntry, observationEntry]));
    expect(store.count('Patient')).toBe(1);
    expect((second.response.entry as Json[])[0]!.response.status).toBe('200 OK');
    expect(store.read('Observation', second.written[0]!.id)!.subject).toEqual({
      reference: `Patient/${first.written[0]!.id}`,
    });
  });

  it('writes nothing when one entry fails, and names the entry', () => {
    const store = new EhrStore();
    const broken = {
      resource: { resourceType: 'Observation', subject: { reference: 'urn:uuid:nowhere' } },
      request: { method: 'POST', url: 'Observation' },
    };
    const error = (() => {
      try {
        return processBundle(store, transaction([patientEntry, broken]));
      } catch (e) {
        return e;
      }
    })();
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_EHR_REFERENCE_UNRESOLVED');
    expect(isLifelineError(error) && error.details.entry).toBe(1);
    expect(store.count()).toBe(0);
  });

  it('refuses an ambiguous condition with 412', () => {
    const store = new EhrStore();
    store.create({ resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: '1' }] });
    store.create({ resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: '1' }] });
    const error = (() => {
      try {
        return processBundle(store, transaction([patientEntry]));
      } catch (e) {
        return e;
      }
    })();
    expect(isLifelineError(error) && error.status).toBe(412);
  });

  it('applies PUT, conditional PUT and conditional references', () => {
    const store = new EhrStore();
    store.update({
      resourceType: 'Practitioner',
      id: 'doc',
      identifier: [{ system: 'urn:npi', value: '9' }],
    });
    const { written } = processBundle(
      store,
      transaction([
        { resource: { resourceType: 'Patient', id: 'p1' }, request: { method: 'PUT', url: 'Patient/p1' } },
        {
          resource: { resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: '5' }] },
          request: { method: 'PUT', url: 'Patient?identifier=urn:mrn|5' },
        },
        {
          resource: {
            resourceType: 'Encounter',
            subject: { reference: 'Patient/p1' },
            participant: [{ individual: { reference: 'Practitioner?identifier=urn:npi|9' } }],
          },
          request: { method: 'POST', url: 'Encounter' },
        },
      ]),
    );
    expect(store.version('Patient', 'p1')?.versionId).toBe(1);
    expect(store.count('Patient')).toBe(2);
    expect(JSON.stringify(store.read('Encounter', written[2]!.id))).toContain(
      '"reference":"Practitioner/doc"',
    );
  });

  it('processes a batch entry by entry, reporting failures in place', () => {
    const store = new EhrStore();
    const { response, failed } = processBundle(
      store,
      transaction(
        [
          { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
          { resource: { resourceType: 'Patient' }, request: { method: 'DELETE', url: 'Patient/x' } },
          { resource: { resourceType: 'Patient', id: 'z' }, request: { method: 'PUT', url: 'Patient/y' } },
        ],
        'batch',
      ),
    );
    expect(failed).toBe(2);
    expect((response.entry as Json[]).map((entry) => entry.response.status)).toEqual([
      '201 Created',
      '400',
      '400',
    ]);
    expect((response.entry as Json[])[1]!.response.outcome.resourceType).toBe('OperationOutcome');
    expect(store.count('Patient')).toBe(1);
  });

  it('keeps corpus ids when asked, and only when free', () => {
    const store = new EhrStore();
    const entry = {
      resource: { resourceType: 'Patient', id: 'keep-me' },
      request: { method: 'POST', url: 'Patient' },
    };
    processBundle(store, transaction([entry]), { ids: 'keep' });
    processBundle(store, transaction([entry]), { ids: 'keep' });
    expect(store.version('Patient', 'keep-me')).not.toBeNull();
    expect(store.count('Patient')).toBe(2);
  });

  it('refuses bodies that are not transaction or batch bundles', () => {
    expect(() => processBundle(new EhrStore(), { resourceType: 'Patient' })).toThrow();
    expect(() => processBundle(new EhrStore(), transaction([], 'collection'))).toThrow();
  });
});
