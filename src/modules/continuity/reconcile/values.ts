import { asArray, asNumber, asObject, asString, codings, loincCode } from './parse/fields.js';

/**
 * How documented and EHR-recorded facts read to a clinician, and the keys to compare them by. Used on
 * the downtime bundle and on what the EHR mirror holds alike, so both sides read the same way.
 */

export const VITAL_SIGN_NAMES: Readonly<Record<string, string>> = {
  '8867-4': 'Heart rate',
  '85354-9': 'Blood pressure',
  '8310-5': 'Body temperature',
  '9279-1': 'Respiratory rate',
  '59408-5': 'Oxygen saturation',
};

export const SYSTOLIC = '8480-6';
export const DIASTOLIC = '8462-4';

function quantityText(quantity: unknown): string | null {
  const object = asObject(quantity);
  const value = asNumber(object?.value);
  if (value === undefined) return null;
  const unit = asString(object?.unit) ?? asString(object?.code);
  return unit === undefined ? String(value) : `${value} ${unit}`;
}

function componentValue(resource: Record<string, unknown>, code: string): number | undefined {
  const component = asArray(resource.component)
    .map(asObject)
    .find((candidate) => loincCode(candidate?.code) === code);
  return asNumber(asObject(component?.valueQuantity)?.value);
}

/** "88 /min", "120/80 mmHg"; null when the observation carries no value this reads. */
export function observationValue(resource: Record<string, unknown>): string | null {
  if (loincCode(resource.code) === '85354-9') {
    const systolic = componentValue(resource, SYSTOLIC);
    const diastolic = componentValue(resource, DIASTOLIC);
    if (systolic === undefined || diastolic === undefined) return null;
    const unit = asString(
      asObject(
        asArray(resource.component)
          .map(asObject)
          .find((candidate) => loincCode(candidate?.code) === SYSTOLIC)?.valueQuantity,
      )?.unit,
    );
    return `${systolic}/${diastolic}${unit === undefined ? '' : ` ${unit}`}`;
  }
  return quantityText(resource.valueQuantity);
}

/** The numbers an observation holds, for comparing values whatever their unit spelling. */
export function observationNumbers(resource: Record<string, unknown>): number[] | null {
  if (loincCode(resource.code) === '85354-9') {
    const systolic = componentValue(resource, SYSTOLIC);
    const diastolic = componentValue(resource, DIASTOLIC);
    return systolic === undefined || diastolic === undefined ? null : [systolic, diastolic];
  }
  const value = asNumber(asObject(resource.valueQuantity)?.value);
  return value === undefined ? null : [value];
}

export function conceptText(concept: unknown): string | null {
  const object = asObject(concept);
  return (
    asString(object?.text) ??
    asString(codings(concept).find((coding) => asString(coding.display) !== undefined)?.display) ??
    asString(codings(concept)[0]?.code) ??
    null
  );
}

/** The order a MedicationAdministration answers: the id of `MedicationRequest/<id>`. */
export function orderIdOf(resource: Record<string, unknown>): string | null {
  const reference = asString(asObject(resource.request)?.reference);
  if (reference === undefined) return null;
  const match = /(?:^|\/)MedicationRequest\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
  return match?.[1] ?? null;
}

/** The time a clinical fact happened: effective[x] (a period's start) or a note's date. */
export function effectiveTime(resource: Record<string, unknown>): string | null {
  return (
    asString(resource.effectiveDateTime) ??
    asString(asObject(resource.effectivePeriod)?.start) ??
    asString(resource.date) ??
    null
  );
}

export function minuteOf(time: string): string | null {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? null : new Date(ms - (ms % 60_000)).toISOString();
}
