import { afterEach, describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { FAST_RETRY, smallStore, startTestDouble, type TestDouble, urlOf } from '../ehr/double.testkit.js';
import type { FhirResource } from '../fhir/resource.js';
import { bulkExport, type BulkExportOptions } from './bulk-export.js';

let running: TestDouble | null = null;

afterEach(async () => {
  await running?.double.close();
  running = null;
});

async function start(options: Parameters<typeof startTestDouble>[0] = {}): Promise<TestDouble> {
  running = await startTestDouble({ store: smallStore(4), ...options });
  return running;
}

async function collect(
  options: BulkExportOptions,
): Promise<{ resources: FhirResource[]; run: ReturnType<typeof bulkExport> }> {
  const run = bulkExport(options);
  const resources: FhirResource[] = [];
  for await (const resource of run) resources.push(resource);
  return { resources, run };
}

function countByType(resources: FhirResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of resources) counts[resource.resourceType] = (counts[resource.resourceType] ?? 0) + 1;
  return counts;
}

/** A fetch that records each exchange and can act when a request matches. */
function recordingFetch(onResponse?: (url: string, method: string, response: Response) => void) {
  const log: { url: string; method: string; status: number }[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = urlOf(input);
    const method = init?.method ?? 'GET';
    const response = await fetch(input, init);
    log.push({ url, method, status: response.status });
    onResponse?.(url, method, response);
    return response;
  };
  return { log, fetch: wrapped };
}

describe('bulkExport against the EHR double', () => {
  it('exports every resource and reports the transaction time', async () => {
    const { double, store, auth } = await start({ bulkWorkMs: 30 });
    const { resources, run } = await collect({
      baseUrl: double.url,
      auth: auth(),
      pollIntervalMs: 10,
      maxPollIntervalMs: 20,
      retry: FAST_RETRY,
    });
    expect(countByType(resources)).toEqual({ Patient: 4, Observation: 12, Condition: 4 });
    expect(resources.length).toBe(store.count());
    expect(run.transactionTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(run.rejected).toEqual([]);
    expect(run.outcomes).toEqual([]);
  });

  it('with _since sees only what changed after the previous export', async () => {
    const { double, store, auth } = await start();
    const client = auth();
    const first = await collect({
      baseUrl: double.url,
      auth: client,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    });
    expect(first.resources.length).toBe(20);
    const observation = store.read('Observation', 'p2-o1')!;
    store.update({ ...observation, status: 'amended' });
    store.update({ resourceType: 'Patient', id: 'p-new', name: [{ family: 'New' }] });
    const delta = await collect({
      baseUrl: double.url,
      auth: client,
      since: first.run.transactionTime,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    });
    expect(delta.resources.map((resource) => `${resource.resourceType}/${resource.id}`).sort()).toEqual([
      'Observation/p2-o1',
      'Patient/p-new',
    ]);
    expect(delta.resources.find((resource) => resource.id === 'p2-o1')?.status).toBe('amended');
    const empty = await collect({
      baseUrl: double.url,
      auth: client,
      since: delta.run.transactionTime,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    });
    expect(empty.resources).toEqual([]);
  });

  it('with _type exports only those types', async () => {
    const { double, auth } = await start();
    const { resources } = await collect({
      baseUrl: double.url,
      auth: auth(),
      types: ['Condition'],
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    });
    expect(countByType(resources)).toEqual({ Condition: 4 });
  });

  it('patient-level and group-level exports cover the right compartments', async () => {
    const { double, store, auth } = await start();
    store.update({ resourceType: 'Organization', id: 'org1', name: 'Hospital' });
    store.update({
      resourceType: 'Group',
      id: 'icu',
      type: 'person',
      actual: true,
      member: [{ entity: { reference: 'Patient/p3' } }],
    });
    const client = auth();
    const patients = await collect({
      baseUrl: double.url,
      auth: client,
      level: { kind: 'patient' },
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    });
    expect(countByType(patients.resources)).toEqual({ Patient: 4, Observation: 12, Condition: 4 });
    const group = await collect({
      baseUrl: double.url,
      auth: client,
      level: { kind: 'group', groupId: 'icu' },
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    });
    expect(group.resources.every((resource) => resource.id?.startsWith('p3'))).toBe(true);
    expect(countByType(group.resources)).toEqual({ Patient: 1, Observation: 3, Condition: 1 });
  });

  it('reports error-file OperationOutcomes for types the server cannot export, in lenient mode', async () => {
    const { double, auth } = await start();
    const { resources, run } = await collect({
      baseUrl: double.url,
      auth: auth(),
      types: ['Patient', 'NotAType'],
      lenient: true,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    });
    expect(countByType(resources)).toEqual({ Patient: 4 });
    expect(run.outcomes).toHaveLength(1);
    expect(run.outcomes[0]?.resourceType).toBe('OperationOutcome');
  });

  it('refuses an unknown type with a clear error in strict mode', async () => {
    const { double, auth } = await start();
    const error = await collect({
      baseUrl: double.url,
      auth: auth(),
      types: ['NotAType'],
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_REQUEST_FAILED');
    expect(isLifelineError(error) && error.details.status).toBe(400);
  });

  it('rides out 503 answers while polling and then completes', async () => {
    const { double, auth } = await start({ bulkWorkMs: 20 });
    const recorder = recordingFetch((url, method) => {
      if (url.includes('$export') && method === 'GET') double.faults.failNextRequests = 2;
    });
    const { resources } = await collect({
      baseUrl: double.url,
      auth: auth(),
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      fetch: recorder.fetch,
      retry: FAST_RETRY,
    });
    expect(resources.length).toBe(20);
    expect(recorder.log.filter((entry) => entry.status === 503)).toHaveLength(2);
  });

  it('gives up with CONTINUITY_SOURCE_UNAVAILABLE when the server stays down', async () => {
    const { double, auth } = await start({ bulkWorkMs: 50 });
    const client = auth();
    await client.accessToken();
    const recorder = recordingFetch((url, method) => {
      if (url.includes('$export') && method === 'GET') double.faults.unavailable = true;
    });
    const error = await collect({
      baseUrl: double.url,
      auth: client,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      fetch: recorder.fetch,
      retry: FAST_RETRY,
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_UNAVAILABLE');
  });

  it('cancels the job at the server when aborted', async () => {
    const { double, auth } = await start({ bulkWorkMs: 60_000 });
    const controller = new AbortController();
    let statusUrl = '';
    const recorder = recordingFetch((url, method, response) => {
      if (url.includes('$export')) statusUrl = response.headers.get('content-location') ?? '';
      if (url === statusUrl && method === 'GET') controller.abort();
    });
    const client = auth();
    const error = await collect({
      baseUrl: double.url,
      auth: client,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      fetch: recorder.fetch,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_ABORTED');
    expect(
      recorder.log.some(
        (entry) => entry.method === 'DELETE' && entry.url === statusUrl && entry.status === 202,
      ),
    ).toBe(true);
    const after = await fetch(statusUrl, {
      headers: { authorization: `Bearer ${await client.accessToken()}` },
    });
    expect(after.status).toBe(404);
  });

  it('cancels the job when the consumer stops early, and after a complete run', async () => {
    const { double, auth } = await start();
    const recorder = recordingFetch();
    const run = bulkExport({
      baseUrl: double.url,
      auth: auth(),
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      fetch: recorder.fetch,
    });
    for await (const resource of run) {
      expect(resource.resourceType).toBeTruthy();
      break;
    }
    expect(recorder.log.at(-1)?.method).toBe('DELETE');
    expect(recorder.log.at(-1)?.status).toBe(202);
  });

  it('rejects bad NDJSON lines one by one and keeps the rest', async () => {
    const { double, auth } = await start();
    const corrupting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!urlOf(input).includes('/bulk/files/') || !urlOf(input).includes('Condition')) return response;
      const text = await response.text();
      return new Response(`${text}{not json\n\n{"resourceType":"Patient","id":"x"}\n`, { status: 200 });
    };
    const { resources, run } = await collect({
      baseUrl: double.url,
      auth: auth(),
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      fetch: corrupting,
    });
    expect(resources.length).toBe(20);
    expect(run.rejected.map((rejected) => rejected.reason)).toEqual([
      'The line is not JSON',
      'The resource type differs from the file type',
    ]);
    expect(run.rejected[0]?.position).toMatch(/line 5$/);
  });

  it('needs a token: without one the kick-off is refused with 401', async () => {
    const { double } = await start();
    const error = await collect({
      baseUrl: double.url,
      auth: null,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.details.status).toBe(401);
  });
});
