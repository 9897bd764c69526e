import { afterEach, describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { smallStore, startTestDouble, type TestDouble, urlOf } from '../ehr/double.testkit.js';
import type { FhirResource } from '../fhir/resource.js';
import { searchAll, type SearchAllOptions } from './search-all.js';

let running: TestDouble | null = null;

afterEach(async () => {
  await running?.double.close();
  running = null;
});

async function all(options: SearchAllOptions): Promise<FhirResource[]> {
  const found: FhirResource[] = [];
  for await (const resource of searchAll(options)) found.push(resource);
  return found;
}

describe('searchAll against the EHR double', () => {
  it('follows next links over more than three pages', async () => {
    const test = (running = await startTestDouble({ store: smallStore(130, 0) }));
    const pages: string[] = [];
    const counting: typeof fetch = async (input, init) => {
      pages.push(urlOf(input));
      return fetch(input, init);
    };
    const found = await all({
      baseUrl: test.double.url,
      auth: test.auth(),
      type: 'Patient',
      pageSize: 30,
      fetch: counting,
    });
    expect(found).toHaveLength(130);
    expect(new Set(found.map((patient) => patient.id)).size).toBe(130);
    expect(pages.filter((url) => url.includes('/fhir'))).toHaveLength(5);
  });

  it('passes search parameters and keeps paging consistent while the store changes', async () => {
    const test = (running = await startTestDouble({ store: smallStore(10, 4) }));
    const auth = test.auth();
    const found: FhirResource[] = [];
    for await (const resource of searchAll({
      baseUrl: test.double.url,
      auth,
      type: 'Observation',
      params: { patient: 'p3' },
      pageSize: 2,
    })) {
      found.push(resource);
      test.store.update({
        resourceType: 'Observation',
        id: `extra-${found.length}`,
        subject: { reference: 'Patient/p3' },
      });
    }
    expect(found.map((observation) => observation.id)).toEqual(['p3-o1', 'p3-o2', 'p3-o3', 'p3-o4']);
  });

  it('stops with CONTINUITY_SOURCE_PAGE_LIMIT past the page limit', async () => {
    const test = (running = await startTestDouble({ store: smallStore(130, 0) }));
    const error = await all({
      baseUrl: test.double.url,
      auth: test.auth(),
      type: 'Patient',
      pageSize: 30,
      maxPages: 3,
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_PAGE_LIMIT');
  });

  it('refuses a next link to another origin, so the token stays home', async () => {
    const test = (running = await startTestDouble({ store: smallStore(3, 0) }));
    const redirecting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const bundle = (await response.json()) as Record<string, unknown>;
      bundle.link = [{ relation: 'next', url: 'https://attacker.example/fhir?page=2' }];
      return new Response(JSON.stringify(bundle), { status: 200 });
    };
    const error = await all({
      baseUrl: test.double.url,
      auth: test.auth(),
      type: 'Patient',
      fetch: redirecting,
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_PROTOCOL');
  });

  it('reports a refused search with the status and issue codes only', async () => {
    const test = (running = await startTestDouble({ store: smallStore(1, 0) }));
    const error = await all({
      baseUrl: test.double.url,
      auth: test.auth(),
      type: 'Patient',
      params: { birthdate: 'not-a-date' },
    }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.details).toEqual({ status: 400, issues: ['invalid'] });
  });
});
