import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observation, patient } from '../fixtures.testkit.js';
import { readBundle } from './bundle.js';
import { readNdjson } from './ndjson.js';

const entry = fc.oneof(
  fc.jsonValue(),
  fc.record({
    fullUrl: fc.oneof(
      fc.string(),
      fc.uuid().map((uuid) => `urn:uuid:${uuid}`),
    ),
    resource: fc.jsonValue(),
  }),
  fc.constantFrom({ resource: patient() }, { resource: observation() }),
);

const bundleLike = fc.record({
  resourceType: fc.constant('Bundle'),
  type: fc.constantFrom('document', 'collection', 'transaction', 'batch', 'searchset', 'history'),
  entry: fc.oneof(fc.array(entry, { maxLength: 12 }), fc.jsonValue()),
});

describe('bundle and NDJSON readers under arbitrary input', () => {
  it('readBundle never throws; every resource is accounted for as read or rejected', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), bundleLike), (json) => {
        const { resources, rejected } = readBundle(json);
        for (const item of rejected) expect(typeof item.reason).toBe('string');
        for (const resource of resources) expect(typeof resource.id).toBe('string');
        const entries = (json as { entry?: unknown })?.entry;
        if (Array.isArray(entries) && (json as { type?: unknown }).type !== 'history') {
          expect(resources.length + rejected.length).toBeLessThanOrEqual(entries.length);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('readNdjson never throws and answers each non-blank line exactly once', async () => {
    const line = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.constant(''),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 20 }), async (lines) => {
        async function* source(): AsyncGenerator<string> {
          yield* lines;
        }
        let answered = 0;
        for await (const item of readNdjson(source())) {
          answered += 1;
          if ('rejected' in item) expect(item.rejected.position).toMatch(/^line \d+$/);
        }
        expect(answered).toBe(lines.filter((text) => text.trim() !== '').length);
      }),
      { numRuns: 500 },
    );
  });
});
