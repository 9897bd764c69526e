import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../../kernel/errors.js';
import { generateDocumentationKey } from '../../kit/index.js';
import { documentedEntries, exported, stateOf } from '../reconcile.testkit.js';
import { readExport } from './export.js';

const key = generateDocumentationKey('doc-fuzz');
const EXPORT_ID = 'e4000000-0000-4000-8000-000000000001';

function readsOrRefuses(input: unknown): void {
  try {
    readExport(input);
  } catch (error) {
    expect(isLifelineError(error)).toBe(true);
  }
}

describe('the downtime bundle reader on arbitrary input', () => {
  it('refuses anything that is not a bundle with a LifelineError, never another error', () => {
    fc.assert(fc.property(fc.anything(), readsOrRefuses), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue(), readsOrRefuses), { numRuns: 500 });
  });

  it('accounts for every entry of a bundle with arbitrary entries, refusing them one by one', async () => {
    const bundle = await exported(stateOf(documentedEntries()), key, EXPORT_ID);
    const real = bundle.entry as unknown[];
    const entry = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(...real),
      // A real entry with one element replaced by anything.
      fc.tuple(fc.constantFrom(...real), fc.string(), fc.jsonValue()).map(([original, name, value]) => {
        const copy = structuredClone(original) as { resource: Record<string, unknown> };
        copy.resource[name] = value;
        return copy;
      }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const parsed = readExport({ ...bundle, entry: entries });
        const positions = parsed.rejected.map((rejected) => rejected.position);
        expect(new Set(positions).size).toBe(positions.length);
        const taken = parsed.items.reduce((sum, item) => sum + item.resources.length, 0);
        expect(taken + parsed.openings.length + parsed.rejected.length).toBe(entries.length);
      }),
      { numRuns: 300 },
    );
  });
});
