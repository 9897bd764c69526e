import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encounter, medicationRequest, observation, patient } from '../fixtures.testkit.js';
import { validateResource } from './validate.js';

function isWellFormedResult(result: ReturnType<typeof validateResource>): boolean {
  return result.ok ? typeof result.resource.resourceType === 'string' : typeof result.reason === 'string';
}

const samples = [patient(), observation(), medicationRequest(), encounter()];

/** A known-good resource with one element replaced by arbitrary JSON, or a new arbitrary element. */
const mutated = fc
  .tuple(fc.constantFrom(...samples), fc.string(), fc.jsonValue(), fc.nat())
  .map(([sample, key, value, pick]) => {
    const keys = Object.keys(sample);
    const target = pick % 2 === 0 ? (keys[pick % keys.length] ?? key) : key;
    return { ...sample, [target]: value };
  });

describe('validateResource under arbitrary input', () => {
  it('never throws on arbitrary values and only answers ok or a reason', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => isWellFormedResult(validateResource(value))),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary JSON shaped like resources', () => {
    const resourceLike = fc.dictionary(fc.string(), fc.jsonValue()).map((object) => ({
      ...object,
      resourceType: 'Observation',
    }));
    fc.assert(
      fc.property(resourceLike, (value) => isWellFormedResult(validateResource(value))),
      { numRuns: 2000 },
    );
  });

  it('never throws on valid resources with one element replaced', () => {
    fc.assert(
      fc.property(mutated, (value) => {
        const result = validateResource(value);
        if (!result.ok) expect(result.reason).not.toMatch(/undefined|\[object/);
        return isWellFormedResult(result);
      }),
      { numRuns: 3000 },
    );
  });
});
