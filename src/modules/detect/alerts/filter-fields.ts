import { LifelineError } from '../../../kernel/errors.js';
import type { EventFields, FieldValue } from '../types.js';
import './errors.js';

const MAX_FIELDS = 20;

function scalar(value: FieldValue | undefined): string | undefined {
  if (value === undefined || value === null || Array.isArray(value)) return undefined;
  return String(value);
}

/**
 * The field → value pairs of a false-positive filter. Named fields must each hold one value in the
 * event; without names, the first non-empty candidate list wins (the rule's own fields, then the
 * dedup fields). A filter with no fields would silence the whole rule, so that is refused.
 */
export function filterFields(
  values: EventFields,
  requested: readonly string[] | undefined,
  candidates: readonly (readonly string[])[],
): Record<string, string> {
  const pick = (name: string) => (Object.hasOwn(values, name) ? scalar(values[name]) : undefined);
  if (requested !== undefined) {
    if (requested.length === 0) {
      throw new LifelineError('DETECT_FILTER_FIELDS', 'name at least one field', { field: 'fields' });
    }
    const chosen: Record<string, string> = {};
    for (const name of requested.slice(0, MAX_FIELDS)) {
      const value = pick(name);
      if (value === undefined) {
        throw new LifelineError('DETECT_FILTER_FIELDS', `the event has no single value for ${name}`, {
          field: 'fields',
          name,
        });
      }
      chosen[name] = value;
    }
    return chosen;
  }
  for (const list of candidates) {
    const chosen = Object.fromEntries(
      list
        .flatMap((name) => {
          const value = pick(name);
          return value === undefined ? [] : [[name, value] as const];
        })
        .slice(0, MAX_FIELDS),
    );
    if (Object.keys(chosen).length > 0) return chosen;
  }
  throw new LifelineError(
    'DETECT_FILTER_FIELDS',
    'the event has none of the rule’s fields; name the fields',
    {
      field: 'fields',
    },
  );
}
