/**
 * FHIR R4 primitive syntax, from the regular expressions on the R4 datatypes page
 * (https://hl7.org/fhir/R4/datatypes.html). Compiled once: validation runs per resource at bulk scale.
 */
const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';
const OFFSET = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';

const DATE_PATTERN = new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`);
const DATE_TIME_PATTERN = new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${OFFSET})?)?)?$`);
const INSTANT_PATTERN = new RegExp(`^${YEAR}-${MONTH}-${DAY}T${TIME}${OFFSET}$`);
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
const CODE_PATTERN = /^[^\s]+( [^\s]+)*$/;

/** The spec adds "Dates SHALL be valid dates", which the expressions alone do not enforce (2023-02-30). */
function isCalendarDay(value: string): boolean {
  if (value.length < 10) return true;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

export function isFhirDate(value: unknown): boolean {
  return typeof value === 'string' && DATE_PATTERN.test(value) && isCalendarDay(value);
}

export function isFhirDateTime(value: unknown): boolean {
  return typeof value === 'string' && DATE_TIME_PATTERN.test(value) && isCalendarDay(value);
}

export function isFhirInstant(value: unknown): boolean {
  return typeof value === 'string' && INSTANT_PATTERN.test(value) && isCalendarDay(value);
}

export function isFhirId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export function isFhirCode(value: unknown): value is string {
  return typeof value === 'string' && CODE_PATTERN.test(value);
}
