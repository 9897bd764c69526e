import { LifelineError } from '../../../../kernel/errors.js';
import { parseLocalReference } from '../fhir-types.js';
import { dateRange, matchesDate, parseDateParameter, type DateParameter } from './fhir-dates.js';
import { normaliseText } from './index-terms.js';
import type { EhrStore, StoredVersion } from './store.js';
import { ehrError } from '../errors.js';

/** Parameters that steer paging or the result form rather than select resources. */
export const RESULT_PARAMETERS = new Set(['_count', '_sort', '_total', '_format', '_summary', '_elements']);

const TOKEN_PARAMETERS = new Set(['identifier', 'status', 'category', 'code', 'gender', 'class']);
const STRING_PARAMETERS = new Set(['name', 'family', 'given']);
const REFERENCE_PARAMETERS = new Set(['location', 'member']);

type Predicate = (version: StoredVersion) => boolean;

function badParameter(name: string, reason: string): LifelineError {
  return ehrError('CONTINUITY_EHR_INVALID_REQUEST', reason, { parameter: name.slice(0, 64) });
}

/** `Patient/x`, `x`, or an absolute URL ending in `Patient/x` → `x`. */
function patientIdOf(value: string): string | null {
  if (!value.includes('/')) return value;
  const tail = value.split('/').slice(-2).join('/');
  const parsed = parseLocalReference(tail);
  return parsed?.type === 'Patient' ? parsed.id : null;
}

function hasTerm(version: StoredVersion, line: string): boolean {
  return version.terms.includes(`\n${line}\n`);
}

function tokenPredicate(name: string, value: string): Predicate {
  // `system|` matches any code of that system: a prefix of the term line.
  if (value.endsWith('|') && value.indexOf('|') === value.length - 1) {
    const prefix = `\n${name}=${value}`;
    return (version) => version.terms.includes(prefix);
  }
  return (version) => hasTerm(version, `${name}=${value}`);
}

function stringPredicate(name: string, modifier: string, value: string): Predicate {
  const wanted = normaliseText(value);
  const lines = (version: StoredVersion): string[] =>
    version.terms
      .split('\n')
      .filter((line) => line.startsWith(`${name}=`))
      .map((line) => line.slice(name.length + 1));
  if (modifier === 'exact') return (version) => lines(version).includes(wanted);
  if (modifier === 'contains') return (version) => lines(version).some((line) => line.includes(wanted));
  return (version) => version.terms.includes(`\n${name}=${wanted}`);
}

function datePredicate(name: string, parameter: DateParameter): Predicate {
  if (name === '_lastUpdated') {
    return (version) => matchesDate(parameter, { start: version.lastUpdated, end: version.lastUpdated + 1 });
  }
  return (version) => {
    const line = version.terms.split('\n').find((candidate) => candidate.startsWith('birthdate='));
    const range = line ? dateRange(line.slice('birthdate='.length)) : null;
    return range !== null && matchesDate(parameter, range);
  };
}

interface Compiled {
  predicates: Predicate[];
  patientIds: string[] | null;
  ids: string[] | null;
  identifier: string | null;
}

function compile(type: string, params: readonly [string, string][], strict: boolean): Compiled {
  const compiled: Compiled = { predicates: [], patientIds: null, ids: null, identifier: null };
  for (const [rawName, rawValue] of params) {
    const [name = '', modifier = ''] = rawName.split(':');
    if (RESULT_PARAMETERS.has(name)) continue;
    const values = rawValue.split(',').filter((value) => value !== '');
    if (values.length === 0) continue;
    const anyOf = (make: (value: string) => Predicate): void => {
      const alternatives = values.map(make);
      compiled.predicates.push((version) => alternatives.some((test) => test(version)));
    };
    if (name === '_id') {
      compiled.ids = values;
    } else if (name === 'patient' || (name === 'subject' && (modifier === '' || modifier === 'Patient'))) {
      const ids = values.map((value) => patientIdOf(value));
      if (ids.some((id) => id === null)) throw badParameter(name, 'Only patient references are searchable');
      compiled.patientIds = ids as string[];
    } else if (name === '_lastUpdated' || (name === 'birthdate' && type === 'Patient')) {
      for (const value of values) {
        const parameter = parseDateParameter(value);
        if (!parameter) throw badParameter(name, 'The date value is not a FHIR date');
        compiled.predicates.push(datePredicate(name, parameter));
      }
    } else if (TOKEN_PARAMETERS.has(name)) {
      if (name === 'identifier' && values.length === 1 && !values[0]!.endsWith('|'))
        compiled.identifier = values[0]!;
      anyOf((value) => tokenPredicate(name, value));
    } else if (STRING_PARAMETERS.has(name) && type === 'Patient') {
      anyOf((value) => stringPredicate(name, modifier, value));
    } else if (REFERENCE_PARAMETERS.has(name)) {
      anyOf((value) => (version) => hasTerm(version, `${name}=${value}`));
    } else if (strict) {
      throw badParameter(name, 'The search parameter is not supported');
    }
  }
  return compiled;
}

/**
 * Runs a search over the current versions of one type. Unknown parameters are ignored (the R4 default,
 * lenient handling) unless `strict`, when they are refused as a real server would with
 * `Prefer: handling=strict`.
 */
export function searchStore(
  store: EhrStore,
  type: string,
  params: readonly [string, string][],
  options: { strict?: boolean } = {},
): StoredVersion[] {
  const { predicates, patientIds, ids, identifier } = compile(type, params, options.strict ?? false);
  let candidates: Iterable<StoredVersion>;
  if (ids) {
    candidates = ids.map((id) => store.version(type, id)).filter((version) => version !== null);
  } else if (patientIds) {
    candidates = patientIds.flatMap((id) => store.compartment(id).filter((version) => version.type === type));
  } else if (identifier !== null) {
    candidates = store.withIdentifier(type, identifier);
  } else {
    candidates = store.versions(type);
  }
  const matches: StoredVersion[] = [];
  for (const version of candidates) {
    if (patientIds && !patientIds.includes(version.patientId ?? '')) continue;
    if (predicates.every((test) => test(version))) matches.push(version);
  }
  const sort = params.find(([name]) => name === '_sort')?.[1];
  if (sort === '_lastUpdated') matches.sort((a, b) => a.lastUpdated - b.lastUpdated);
  if (sort === '-_lastUpdated') matches.sort((a, b) => b.lastUpdated - a.lastUpdated);
  return matches;
}
