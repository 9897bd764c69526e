import type { KitLocation } from '../../types.js';
import { type FhirResource, asObject, asString, objectsOf } from '../resource.js';
import { toMillis } from './time.js';

const CURRENT_ENCOUNTER = new Set(['in-progress', 'onleave']);

/**
 * Where an inpatient lies, from the most recent in-progress Encounter. Location displays follow the
 * module's convention "unit / room / bed" (the downtime documentation bundle writes them that way):
 * one part is a unit, two a unit and room. The Encounter's current location is its active one, else
 * the last listed.
 */
export function currentStay(resources: readonly FhirResource[]): {
  location: KitLocation | null;
  admittedAt: string | null;
} {
  let best: { start: number; encounter: FhirResource } | undefined;
  for (const resource of resources) {
    if (resource.resourceType !== 'Encounter' || !CURRENT_ENCOUNTER.has(resource.status as string)) continue;
    const start = toMillis(asObject(resource.period)?.start) ?? 0;
    if (best === undefined || start >= best.start) best = { start, encounter: resource };
  }
  if (!best) return { location: null, admittedAt: null };
  const locations = objectsOf(best.encounter.location);
  const admittedAt = asString(asObject(best.encounter.period)?.start) ?? null;
  const typed = byPhysicalType(locations);
  if (typed) return { location: typed, admittedAt };
  const current = locations.find((item) => item.status === 'active') ?? locations[locations.length - 1];
  const display = asString(asObject(current?.location)?.display);
  return { location: display === undefined ? null : parseLocation(display), admittedAt };
}

const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

/**
 * EHRs that list ward, room and bed as separate active locations mark each with its physical type
 * (`wa` ward, `ro` room, `bd` bed, from the FHIR location-physical-type code system).
 */
function byPhysicalType(locations: readonly Record<string, unknown>[]): KitLocation | null {
  const parts = new Map<string, string>();
  for (const item of locations) {
    if (item.status !== undefined && item.status !== 'active') continue;
    const display = asString(asObject(item.location)?.display);
    if (display === undefined) continue;
    for (const coding of objectsOf(asObject(item.physicalType)?.coding)) {
      const code = asString(coding.code);
      if (code !== undefined && (coding.system === undefined || coding.system === PHYSICAL_TYPE))
        parts.set(code, display);
    }
  }
  const unit = parts.get('wa') ?? parts.get('wi') ?? parts.get('lvl');
  if (unit === undefined) return null;
  return { unit, room: parts.get('ro') ?? null, bed: parts.get('bd') ?? null };
}

const SEPARATOR = /\s+\/\s+/;

/** Only " / " with spaces separates, so a unit named "ICU/CCU" stays whole. */
export function parseLocation(display: string): KitLocation {
  const [unit = display, room, bed] = display.trim().split(SEPARATOR);
  return { unit, room: room || null, bed: bed || null };
}
