import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleFileError, MAX_BUNDLE_BYTES, parseBundleText } from './readBundleFile.js';

const problemOf = (text: string, bytes = text.length) => {
  try {
    parseBundleText(text, bytes);
    return null;
  } catch (error) {
    return error instanceof BundleFileError ? error.problem : 'other';
  }
};

describe('parseBundleText', () => {
  it('returns a FHIR Bundle as an object', () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [] };
    expect(parseBundleText(JSON.stringify(bundle), 60)).toEqual(bundle);
  });

  it('names the problem with a file that is not a bundle', () => {
    expect(problemOf('not json {')).toBe('continuity.upload.notJson');
    expect(problemOf('[1,2]')).toBe('continuity.upload.notBundle');
    expect(problemOf('null')).toBe('continuity.upload.notBundle');
    expect(problemOf('{"resourceType":"Patient"}')).toBe('continuity.upload.notBundle');
    expect(problemOf('{"resourceType":"Bundle"}', MAX_BUNDLE_BYTES + 1)).toBe('continuity.upload.tooLarge');
  });

  it('never fails with anything but its own error, whatever the file holds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(problemOf(text)).not.toBe('other');
      }),
    );
  });
});
