import type { KitCode, KitMedication } from '../../types.js';
import { referencedId } from '../patient-link.js';
import { type FhirResource, type JsonObject, asObject, asString, objectsOf } from '../resource.js';
import { kitCode } from './concept.js';
import { dosageText } from './dosage-text.js';
import { choiceTime } from './time.js';

/**
 * medication[x] → KitCode: the inline concept, else the referenced Medication (in the input or
 * contained), else the reference's display.
 */
export function medicationCode(
  resource: JsonObject,
  medications: ReadonlyMap<string, FhirResource>,
): KitCode {
  if (resource.medicationCodeableConcept !== undefined) {
    return kitCode(resource.medicationCodeableConcept, 'Unnamed medication');
  }
  const reference = asObject(resource.medicationReference);
  const target = asString(reference?.reference);
  let medication: JsonObject | undefined;
  if (target?.startsWith('#')) {
    medication = objectsOf(resource.contained).find((item) => item.id === target.slice(1));
  } else {
    const id = referencedId(reference, 'Medication');
    medication = id === undefined ? undefined : medications.get(id);
  }
  if (medication?.code !== undefined) return kitCode(medication.code, 'Unnamed medication');
  return { text: asString(reference?.display) ?? 'Unnamed medication' };
}

const STATEMENT_HIDDEN = new Set(['entered-in-error', 'not-taken']);
const ACTIVE_ORDER = new Set(['active', 'on-hold']);
const ORDER_INTENTS = new Set(['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order']);

export function isActiveOrder(request: JsonObject): boolean {
  return ACTIVE_ORDER.has(request.status as string) && ORDER_INTENTS.has(request.intent as string);
}

/**
 * The medication list: what the patient takes (MedicationStatement, as in the IPS medication
 * summary) and active orders (MedicationRequest). Stopped, completed and draft orders are history,
 * not something to give during downtime.
 */
export function kitMedication(
  resource: FhirResource,
  medications: ReadonlyMap<string, FhirResource>,
): KitMedication | undefined {
  const status = asString(resource.status) ?? null;
  if (resource.resourceType === 'MedicationStatement') {
    if (status !== null && STATEMENT_HIDDEN.has(status)) return undefined;
    return {
      id: resource.id ?? '',
      medication: medicationCode(resource, medications),
      dosage: dosageText(resource.dosage),
      status,
      kind: 'statement',
      start: choiceTime(resource, 'effective') ?? asString(resource.dateAsserted) ?? null,
    };
  }
  if (!isActiveOrder(resource)) return undefined;
  return {
    id: resource.id ?? '',
    medication: medicationCode(resource, medications),
    dosage: dosageText(resource.dosageInstruction),
    status,
    kind: 'order',
    start: orderStart(resource) ?? null,
  };
}

/** When an order's schedule begins: its first dosage's bounds, else when it was written. */
export function orderStart(request: JsonObject): string | undefined {
  for (const dosage of objectsOf(request.dosageInstruction)) {
    const bounds = asObject(asObject(asObject(dosage.timing)?.repeat)?.boundsPeriod);
    const start = asString(bounds?.start);
    if (start !== undefined) return start;
  }
  return asString(request.authoredOn);
}
