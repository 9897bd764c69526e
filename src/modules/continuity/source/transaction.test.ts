import { afterEach, describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { smallStore, startTestDouble, type TestDouble } from '../ehr/double.testkit.js';
import type { FhirResource } from '../fhir/resource.js';
import { postBundle } from './transaction.js';

let running: TestDouble | null = null;

afterEach(async () => {
  await running?.double.close();
  running = null;
});

/** A downtime documentation posting: a vital sign made conditional on its downtime identifier. */
function downtimeTransaction(uuid: string): FhirResource {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: `urn:uuid:${uuid}`,
        resource: {
          resourceType: 'Observation',
          identifier: [{ system: 'urn:lifeline:downtime', value: uuid }],
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
          subject: { reference: 'Patient/p1' },
          valueQuantity: { value: 88, unit: '/min' },
        },
        request: {
          method: 'POST',
          url: 'Observation',
          ifNoneExist: `identifier=urn:lifeline:downtime|${uuid}`,
        },
      },
    ],
  };
}

describe('postBundle against the EHR double', () => {
  it('posting the same conditional create twice stores one resource', async () => {
    const test = (running = await startTestDouble({ store: smallStore(1, 0) }));
    const auth = test.auth({ scope: 'system/*.cruds' });
    const uuid = '0b7f6a52-3c1e-4f0e-9d7c-7d1f1c8e2a11';
    const first = await postBundle({ baseUrl: test.double.url, auth, bundle: downtimeTransaction(uuid) });
    const second = await postBundle({ baseUrl: test.double.url, auth, bundle: downtimeTransaction(uuid) });
    const statuses = [first, second].map(
      (bundle) => (bundle.entry as { response: { status: string } }[])[0]?.response.status,
    );
    expect(statuses).toEqual(['201 Created', '200 OK']);
    expect(test.store.count('Observation')).toBe(1);
  });

  it('a refused entry fails the whole transaction and nothing is written', async () => {
    const test = (running = await startTestDouble({ store: smallStore(1, 0) }));
    test.double.faults.refuseEntry = (_resource, index) => index === 1;
    const bundle = downtimeTransaction('8d1e9c33-1b2a-4c5d-8e9f-0a1b2c3d4e5f');
    const entries = bundle.entry as unknown[];
    entries.push({
      resource: { resourceType: 'Condition', subject: { reference: 'Patient/p1' } },
      request: { method: 'POST', url: 'Condition' },
    });
    const error = await postBundle({
      baseUrl: test.double.url,
      auth: test.auth({ scope: 'system/*.cruds' }),
      bundle,
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.details).toEqual({ status: 422, issues: ['business-rule'] });
    expect(test.store.count('Observation')).toBe(0);
    expect(test.store.count('Condition')).toBe(1);
  });

  it('needs write scopes', async () => {
    const test = (running = await startTestDouble({ store: smallStore(1, 0) }));
    const error = await postBundle({
      baseUrl: test.double.url,
      auth: test.auth(),
      bundle: downtimeTransaction('1c'),
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.details.status).toBe(403);
  });
});
