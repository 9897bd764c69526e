import type { KitAdministration } from '../../types.js';
import { referencedId } from '../patient-link.js';
import { type FhirResource, type JsonObject, asObject, asString, objectsOf } from '../resource.js';
import { conceptText } from './concept.js';
import { doseText } from './dosage-text.js';
import { isActiveOrder, medicationCode, orderStart } from './medications.js';
import { scheduledTimes } from './schedule.js';
import { HOUR_MS, choiceTime, toMillis } from './time.js';

/** A q1h order still fits; anything denser is an infusion the MAR sheet shows as its order. */
export const PLANNED_LINES_PER_ORDER = 24;
const MAX_LINES = 400;

const GIVEN = new Set(['completed', 'in-progress', 'stopped']);

/**
 * The last 24 hours as recorded (MedicationAdministration: completed, in progress or stopped part-way
 * count as given; not-done as not given) and the next 24 hours as planned from the timing of each
 * active order, ascending by time.
 */
export function medicationAdministrationRecord(
  resources: readonly FhirResource[],
  medications: ReadonlyMap<string, FhirResource>,
  now: number,
): KitAdministration[] {
  const lines: { at: number; line: KitAdministration }[] = [];
  for (const resource of resources) {
    if (resource.resourceType === 'MedicationAdministration') {
      const line = pastLine(resource, medications, now);
      if (line) lines.push(line);
    } else if (resource.resourceType === 'MedicationRequest' && isActiveOrder(resource)) {
      for (const line of plannedLines(resource, medications, now)) lines.push(line);
    }
  }
  lines.sort((a, b) => a.at - b.at || a.line.medication.text.localeCompare(b.line.medication.text));
  return lines.slice(0, MAX_LINES).map((item) => item.line);
}

function pastLine(
  administration: FhirResource,
  medications: ReadonlyMap<string, FhirResource>,
  now: number,
): { at: number; line: KitAdministration } | undefined {
  const status = administration.status as string;
  if (!GIVEN.has(status) && status !== 'not-done') return undefined;
  const at = choiceTime(administration, 'effective');
  const time = toMillis(at);
  if (at === undefined || time === undefined || time > now || time < now - 24 * HOUR_MS) return undefined;
  const dosage = asObject(administration.dosage);
  const performer = objectsOf(administration.performer)[0];
  return {
    at: time,
    line: {
      orderId: referencedId(administration.request, 'MedicationRequest') ?? null,
      medication: medicationCode(administration, medications),
      dose: (dosage && (asString(dosage.text) ?? administeredDose(dosage))) ?? null,
      route: conceptText(dosage?.route) ?? null,
      status: status === 'not-done' ? 'not-given' : 'given',
      at,
      by: asString(asObject(performer?.actor)?.display) ?? null,
    },
  };
}

function administeredDose(dosage: JsonObject): string | undefined {
  return doseText({ doseAndRate: [{ doseQuantity: dosage.dose }] });
}

function plannedLines(
  request: FhirResource,
  medications: ReadonlyMap<string, FhirResource>,
  now: number,
): { at: number; line: KitAdministration }[] {
  const out: { at: number; line: KitAdministration }[] = [];
  const anchor = orderStart(request);
  const medication = medicationCode(request, medications);
  for (const dosage of objectsOf(request.dosageInstruction)) {
    // As-needed doses have no schedule; the nurse records them when given.
    if (dosage.asNeededBoolean === true || dosage.asNeededCodeableConcept !== undefined) continue;
    const window = { from: now, to: now + 24 * HOUR_MS };
    for (const time of scheduledTimes(dosage.timing, anchor, window, PLANNED_LINES_PER_ORDER - out.length)) {
      out.push({
        at: time,
        line: {
          orderId: request.id ?? null,
          medication,
          dose: doseText(dosage) ?? null,
          route: conceptText(dosage.route) ?? null,
          status: 'planned',
          at: new Date(time).toISOString(),
          by: null,
        },
      });
    }
  }
  return out;
}
