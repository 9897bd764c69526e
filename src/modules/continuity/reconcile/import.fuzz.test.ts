import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { testEngines } from '../../../kernel/db/testkit.js';
import { signDocumentationBundle } from '../kit/index.js';
import { ADMIN } from './reconcile.testkit.js';
import { type Queue, openQueue } from './world.testkit.js';

for (const engine of testEngines()) {
  describe(`importing arbitrary input on ${engine.engine}`, () => {
    let queue: Queue;
    beforeAll(async () => {
      queue = await openQueue(engine);
    });
    afterAll(async () => {
      await queue.close();
    });

    it('refuses unsigned input with a LifelineError and stores nothing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (input) => {
          const error: unknown = await queue.reconcile.importBundle(input, ADMIN).then(
            () => null,
            (thrown: unknown) => thrown,
          );
          expect(isLifelineError(error)).toBe(true);
          expect(await queue.stored()).toBe(0);
        }),
        { numRuns: 60 },
      );
    });

    it('takes in or refuses a signed bundle of anything, never failing otherwise', async () => {
      const bundle = fc.record({
        resourceType: fc.constant('Bundle'),
        type: fc.constantFrom('collection', 'batch'),
        identifier: fc.record({
          system: fc.constant('urn:lifeline:downtime-export'),
          value: fc.oneof(fc.uuid(), fc.string()),
        }),
        entry: fc.array(fc.jsonValue(), { maxLength: 8 }),
      });
      await fc.assert(
        fc.asyncProperty(bundle, async (unsigned) => {
          const signed = await signDocumentationBundle(unsigned, queue.documentationKey, {
            when: '2026-11-26T09:00:00Z',
            who: 'fuzz',
          });
          const before = await queue.stored();
          try {
            await queue.reconcile.importBundle(JSON.parse(JSON.stringify(signed)), ADMIN);
          } catch (error) {
            expect(isLifelineError(error)).toBe(true);
            expect(await queue.stored()).toBe(before);
          }
        }),
        { numRuns: 60 },
      );
    });
  });
}
