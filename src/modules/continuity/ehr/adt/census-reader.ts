import type { KitLocation } from '../../types.js';
import { parseLocalReference, type FhirResource } from '../fhir-types.js';
import type { EhrStore, StoredVersion } from '../store/store.js';

/**
 * The census as the store records it: beds are Locations of physical type `bd` under a room (`ro`)
 * under a ward (`wa`); a bed is taken when an in-progress Encounter has it as an active location.
 */
export interface Bed {
  bedId: string;
  roomId: string;
  unitId: string;
  /** The unit's code (its Location identifier), used to find the unit's census Group. */
  unitCode: string;
  /** The organisation managing the unit, for patients admitted there. */
  organizationId: string | null;
  location: KitLocation;
}

export interface Stay {
  encounter: FhirResource;
  patientId: string;
  bed: Bed;
}

type Json = Record<string, unknown>;

function physicalType(location: FhirResource): string | null {
  const codings = (location.physicalType as { coding?: { code?: unknown }[] } | undefined)?.coding ?? [];
  const code = codings[0]?.code;
  return typeof code === 'string' ? code : null;
}

function parentId(location: FhirResource): string | null {
  const reference = (location.partOf as { reference?: unknown } | undefined)?.reference;
  const parsed = typeof reference === 'string' ? parseLocalReference(reference) : null;
  return parsed?.type === 'Location' ? parsed.id : null;
}

function nameOf(location: FhirResource, fallback: string): string {
  return typeof location.name === 'string' ? location.name : fallback;
}

function parse(version: StoredVersion): FhirResource {
  return JSON.parse(version.json) as FhirResource;
}

/** Every bed in the store with its room and unit names. */
export function readBeds(store: EhrStore): Bed[] {
  const locations = new Map<string, FhirResource>();
  for (const version of store.versions('Location')) locations.set(version.id, parse(version));
  const beds: Bed[] = [];
  for (const [bedId, bed] of locations) {
    if (physicalType(bed) !== 'bd') continue;
    const roomId = parentId(bed);
    const room = roomId ? locations.get(roomId) : undefined;
    const unitId = room ? parentId(room) : null;
    const unit = unitId ? locations.get(unitId) : undefined;
    if (!room || !unit || !roomId || !unitId) continue;
    const identifier = ((unit.identifier as Json[] | undefined) ?? [])[0]?.value;
    const managing = (unit.managingOrganization as Json | undefined)?.reference;
    const organization = typeof managing === 'string' ? parseLocalReference(managing) : null;
    beds.push({
      bedId,
      roomId,
      unitId,
      unitCode: typeof identifier === 'string' ? identifier : unitId,
      organizationId: organization?.type === 'Organization' ? organization.id : null,
      location: { unit: nameOf(unit, unitId), room: nameOf(room, roomId), bed: nameOf(bed, bedId) },
    });
  }
  return beds;
}

/** The active bed of an encounter, if any. */
export function activeBedId(encounter: FhirResource, bedIds: ReadonlySet<string>): string | null {
  for (const entry of (encounter.location as Json[] | undefined) ?? []) {
    if (entry?.status !== 'active') continue;
    const reference = (entry.location as Json | undefined)?.reference;
    const parsed = typeof reference === 'string' ? parseLocalReference(reference) : null;
    if (parsed?.type === 'Location' && bedIds.has(parsed.id)) return parsed.id;
  }
  return null;
}

/** In-progress stays that occupy a bed. */
export function readStays(store: EhrStore, beds: readonly Bed[]): Stay[] {
  const byId = new Map(beds.map((bed) => [bed.bedId, bed]));
  const ids = new Set(byId.keys());
  const stays: Stay[] = [];
  for (const version of store.versions('Encounter')) {
    if (!version.terms.includes('\nstatus=in-progress\n') || !version.patientId) continue;
    const encounter = parse(version);
    const bedId = activeBedId(encounter, ids);
    if (bedId) stays.push({ encounter, patientId: version.patientId, bed: byId.get(bedId)! });
  }
  return stays;
}
