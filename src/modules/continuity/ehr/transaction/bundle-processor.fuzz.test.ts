import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../../kernel/errors.js';
import { searchStore } from '../store/search.js';
import { EhrStore } from '../store/store.js';
import { processBundle } from './bundle-processor.js';

/** Entries that look enough like FHIR to get past the first checks, with arbitrary parts. */
const entry = fc.record(
  {
    fullUrl: fc.oneof(fc.constant('urn:uuid:a'), fc.constant('urn:uuid:b'), fc.string({ maxLength: 12 })),
    resource: fc.oneof(
      fc.record({
        resourceType: fc.constantFrom('Patient', 'Observation', 'Bundle', 'Nope', ''),
        id: fc.oneof(fc.constant('x1'), fc.string({ maxLength: 8 })),
        subject: fc.record({
          reference: fc.constantFrom(
            'urn:uuid:a',
            'urn:uuid:zz',
            'Patient?identifier=q|1',
            'Patient/x1',
            '#c',
          ),
        }),
        identifier: fc.constant([{ system: 'q', value: '1' }]),
      }),
      fc.jsonValue(),
    ),
    request: fc.record({
      method: fc.constantFrom('POST', 'PUT', 'GET', 'DELETE', 'PATCH'),
      url: fc.constantFrom(
        'Patient',
        'Observation',
        'Patient/x1',
        'Patient?identifier=q|1',
        'Observation/x1',
        '',
        'Patient/a/b',
      ),
      ifNoneExist: fc.constantFrom('identifier=q|1', '_id=x1', 'birthdate=bad', ''),
    }),
  },
  { requiredKeys: [] },
);

describe('processBundle on arbitrary input', () => {
  it('either commits a whole transaction or nothing, and fails only with its own errors', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 6 }),
        fc.constantFrom('transaction', 'batch', 'document', 7),
        (entries, type) => {
          const store = new EhrStore();
          store.update({ resourceType: 'Patient', id: 'seed', identifier: [{ system: 'q', value: '1' }] });
          try {
            const result = processBundle(store, { resourceType: 'Bundle', type, entry: entries });
            expect(store.count()).toBe(
              1 +
                new Set(
                  result.written
                    .map((version) => `${version.type}/${version.id}`)
                    .filter((key) => key !== 'Patient/seed'),
                ).size,
            );
          } catch (error) {
            expect(isLifelineError(error)).toBe(true);
            expect(store.count()).toBe(1);
          }
        },
      ),
    );
  });

  it('refuses any JSON that is not a bundle without throwing anything else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          processBundle(new EhrStore(), body);
        } catch (error) {
          expect(isLifelineError(error)).toBe(true);
        }
      }),
    );
  });
});

describe('searchStore on arbitrary parameters', () => {
  it('answers or refuses with its own error', () => {
    const store = new EhrStore();
    store.update({ resourceType: 'Patient', id: 'p', name: [{ family: 'Maes' }], birthDate: '1970-01-01' });
    const name = fc.constantFrom(
      'name',
      'name:exact',
      'birthdate',
      '_lastUpdated',
      'patient',
      'subject',
      'identifier',
      'status',
      '_id',
      '_count',
      'other',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 20 })), { maxLength: 4 }), (params) => {
        try {
          const found = searchStore(store, 'Patient', params);
          expect(found.length).toBeLessThanOrEqual(1);
        } catch (error) {
          expect(isLifelineError(error) && error.code).toBe('CONTINUITY_EHR_INVALID_REQUEST');
        }
      }),
    );
  });
});
