import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallStore, startTestDouble, type TestDouble } from '../double.testkit.js';

type Json = Record<string, any>;

let test: TestDouble;
let token: string;

beforeAll(async () => {
  test = await startTestDouble({ store: smallStore(3), defaultPageSize: 2 });
  token = await test.auth({ scope: 'system/*.cruds' }).accessToken();
});
afterAll(async () => test.double.close());

function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  return fetch(path.startsWith('http') ? path : `${test.double.url}${path}`, { ...init, headers });
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('the FHIR REST API of the double', () => {
  it('publishes a CapabilityStatement naming its token endpoint', async () => {
    const statement = (await (await fetch(`${test.double.url}/metadata`)).json()) as Json;
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(JSON.stringify(statement.rest[0].security)).toContain(test.double.tokenUrl);
    expect(statement.rest[0].operation[0].name).toBe('export');
  });

  it('reads a resource with its version headers, and answers 404 with an OperationOutcome', async () => {
    const response = await call('/Patient/p1');
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(((await response.json()) as Json).id).toBe('p1');
    for (const path of ['/Patient/nope', '/NotAType/x']) {
      const missing = await call(path);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as Json).resourceType).toBe('OperationOutcome');
    }
  });

  it('creates, creates conditionally and updates', async () => {
    const created = await post('/Patient', {
      resourceType: 'Patient',
      identifier: [{ system: 'urn:x', value: 'new' }],
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/\/fhir\/Patient\/[\w-]+\/_history\/1$/);
    const again = await post(
      '/Patient',
      { resourceType: 'Patient' },
      { 'if-none-exist': 'identifier=urn:x|new' },
    );
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe(location);
    const id = location.split('/').at(-3)!;
    const updated = await call(`/Patient/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', id, gender: 'other' }),
    });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as Json).meta.versionId).toBe('2');
    const mismatch = await call(`/Patient/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', id: 'other' }),
    });
    expect(mismatch.status).toBe(400);
  });

  it('pages search results through opaque links and reports the total', async () => {
    const first = (await (await call('/Observation?patient=p1')).json()) as Json;
    expect(first.type).toBe('searchset');
    expect(first.total).toBe(3);
    expect(first.entry).toHaveLength(2);
    expect(first.entry[0].fullUrl).toBe(`${test.double.url}/Observation/p1-o1`);
    const next = first.link.find((link: Json) => link.relation === 'next').url as string;
    const second = (await (await call(next)).json()) as Json;
    expect(second.entry.map((entry: Json) => entry.resource.id)).toEqual(['p1-o3']);
    expect(second.link.some((link: Json) => link.relation === 'next')).toBe(false);
    const countOnly = (await (await call('/Observation?_count=0')).json()) as Json;
    expect(countOnly.total).toBe(9);
    expect(countOnly.entry).toEqual([]);
    expect((await call('/?_getpages=00000000-0000-4000-8000-000000000000&_getpagesoffset=2')).status).toBe(
      410,
    );
  });

  it('searches with POST _search', async () => {
    const response = await call('/Patient/_search', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'identifier=urn:test:mrn|MRN2',
    });
    const bundle = (await response.json()) as Json;
    expect(bundle.entry.map((entry: Json) => entry.resource.id)).toEqual(['p2']);
  });

  it('answers unreadable bodies with 400 OperationOutcomes', async () => {
    const response = await call('', {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: '{"resourceType":',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).resourceType).toBe('OperationOutcome');
    const notBundle = await post('', { resourceType: 'Patient' });
    expect(notBundle.status).toBe(400);
  });

  it('can be switched to fail with 503 and recovers', async () => {
    test.double.faults.failNextRequests = 2;
    const failed = [await call('/Patient/p1'), await call('/Patient/p1')];
    expect(failed.map((response) => response.status)).toEqual([503, 503]);
    expect(failed[0]!.headers.get('retry-after')).toBe('1');
    expect((await call('/Patient/p1')).status).toBe(200);
    test.double.faults.unavailable = true;
    expect((await fetch(`${test.double.url}/metadata`)).status).toBe(503);
    test.double.faults.unavailable = false;
    expect((await fetch(`${test.double.url}/metadata`)).status).toBe(200);
  });
});

describe('the Bulk Data endpoints of the double', () => {
  const kickOff = (
    path: string,
    headers: Record<string, string> = { accept: 'application/fhir+json', prefer: 'respond-async' },
  ) => call(path, { headers });

  it('refuse a kick-off without Prefer: respond-async or with an unknown output format', async () => {
    expect((await kickOff('/$export', { accept: 'application/fhir+json' })).status).toBe(400);
    expect((await kickOff('/$export?_outputFormat=text/csv')).status).toBe(400);
    expect((await kickOff('/$export?_typeFilter=Observation%3Fstatus%3Dfinal')).status).toBe(400);
    expect((await kickOff('/$export?_since=last-week')).status).toBe(400);
  });

  it('answer 404 for an unknown Group, job or file, and 401 without a token', async () => {
    expect((await kickOff('/Group/none/$export')).status).toBe(404);
    const origin = new URL(test.double.url).origin;
    expect((await call(`${origin}/bulk/status/unknown`)).status).toBe(404);
    expect((await call(`${origin}/bulk/files/unknown/Patient-1.ndjson`)).status).toBe(404);
    const started = await kickOff('/$export');
    expect(started.status).toBe(202);
    const status = started.headers.get('content-location')!;
    expect((await fetch(status)).status).toBe(401);
    expect((await call(status, { method: 'DELETE' })).status).toBe(202);
    expect((await call(status)).status).toBe(404);
  });

  it('accept a POST kick-off with a Parameters body', async () => {
    const response = await post(
      '/$export',
      {
        resourceType: 'Parameters',
        parameter: [
          { name: '_type', valueString: 'Patient' },
          { name: '_outputFormat', valueString: 'application/fhir+ndjson' },
        ],
      },
      { accept: 'application/fhir+json', prefer: 'respond-async' },
    );
    expect(response.status).toBe(202);
    const status = response.headers.get('content-location')!;
    let manifest: Response = await call(status);
    while (manifest.status === 202) manifest = await call(status);
    const body = (await manifest.json()) as Json;
    expect(body.output.map((file: Json) => [file.type, file.count])).toEqual([['Patient', 4]]);
    expect(body.requiresAccessToken).toBe(true);
    const file = await call(body.output[0].url);
    expect(file.headers.get('content-type')).toContain('application/fhir+ndjson');
    expect((await file.text()).trim().split('\n')).toHaveLength(4);
  });
});
