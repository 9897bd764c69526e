import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { filterFields } from './filter-fields.js';

const event = {
  Image: 'C:\\Tools\\backup.exe',
  CommandLine: 'backup.exe /all',
  EventID: 1,
  Tags: ['a'],
  Gone: null,
};

describe('filterFields', () => {
  it('takes the named fields with the event’s values as text', () => {
    expect(filterFields(event, ['Image', 'EventID'], [])).toEqual({
      Image: 'C:\\Tools\\backup.exe',
      EventID: '1',
    });
  });

  it('refuses a named field that is missing, null or a list, naming it', () => {
    for (const name of ['Missing', 'Gone', 'Tags']) {
      expect(() => filterFields(event, [name], [])).toThrowError(
        expect.objectContaining({ code: 'DETECT_FILTER_FIELDS', details: { field: 'fields', name } }),
      );
    }
    expect(() => filterFields(event, [], [])).toThrowError(
      expect.objectContaining({ code: 'DETECT_FILTER_FIELDS' }),
    );
  });

  it('defaults to the first candidate list with fields present', () => {
    expect(filterFields(event, undefined, [['ParentImage'], ['Image', 'CommandLine', 'Tags']])).toEqual({
      Image: 'C:\\Tools\\backup.exe',
      CommandLine: 'backup.exe /all',
    });
  });

  it('refuses to build a filter without fields: it would silence the whole rule', () => {
    expect(() => filterFields(event, undefined, [['ParentImage'], []])).toThrowError(
      expect.objectContaining({ code: 'DETECT_FILTER_FIELDS' }),
    );
  });

  it('never returns an empty filter for any input', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()));
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), value),
        fc.option(fc.array(fc.string()), { nil: undefined }),
        fc.array(fc.array(fc.string())),
        (fields, requested, candidates) => {
          try {
            const chosen = filterFields(fields, requested, candidates);
            expect(Object.keys(chosen).length).toBeGreaterThan(0);
            for (const [name, text] of Object.entries(chosen)) expect(String(fields[name])).toBe(text);
          } catch (error) {
            expect(isLifelineError(error) && error.code === 'DETECT_FILTER_FIELDS').toBe(true);
          }
        },
      ),
    );
  });
});
