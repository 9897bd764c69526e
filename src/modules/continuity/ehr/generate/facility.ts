import type { FhirResource } from '../fhir-types.js';
import type { Specialty } from './catalogue.js';
import { personName } from './names.js';
import { Random } from './random.js';

/**
 * The synthetic hospital's layout: units (wards) with rooms and beds as FHIR Locations, the organisation
 * and its staff. Everything derives from the bed count and the seed.
 */
export interface BedSpot {
  unit: UnitLayout;
  room: string;
  bed: string;
  roomLocationId: string;
  bedLocationId: string;
}

export interface UnitLayout {
  code: string;
  name: string;
  specialty: Specialty;
  encounterClass: 'IMP' | 'EMER';
  locationId: string;
  beds: BedSpot[];
}

export interface StaffMember {
  id: string;
  display: string;
}

export interface HospitalLayout {
  organizationId: string;
  name: string;
  units: UnitLayout[];
  physicians: StaffMember[];
  nurses: StaffMember[];
  clinicLocationId: string;
}

export const MRN_SYSTEM = 'urn:lifeline:demo:mrn';
export const VISIT_SYSTEM = 'urn:lifeline:demo:visit';
const LOCATION_SYSTEM = 'urn:lifeline:demo:location';
const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

const WARD_SPECIALTIES: readonly Specialty[] = [
  'medicine',
  'surgery',
  'geriatrics',
  'cardiology',
  'oncology',
  'neurology',
  'orthopedics',
  'medicine',
  'surgery',
];

interface UnitPlan {
  code: string;
  name: string;
  specialty: Specialty;
  beds: number;
  bedsPerRoom: number;
  encounterClass: 'IMP' | 'EMER';
}

function plans(totalBeds: number): UnitPlan[] {
  const share = (fraction: number, minimum: number): number =>
    Math.max(minimum, Math.round(totalBeds * fraction));
  const candidates: UnitPlan[] = [
    {
      code: 'ICU',
      name: 'ICU',
      specialty: 'icu',
      beds: share(0.04, 2),
      bedsPerRoom: 1,
      encounterClass: 'IMP',
    },
    {
      code: 'CCU',
      name: 'CCU',
      specialty: 'cardiology',
      beds: share(0.02, 1),
      bedsPerRoom: 1,
      encounterClass: 'IMP',
    },
    {
      code: 'ER',
      name: 'ER',
      specialty: 'emergency',
      beds: share(0.05, 2),
      bedsPerRoom: 1,
      encounterClass: 'EMER',
    },
    {
      code: 'MAT',
      name: 'Maternity',
      specialty: 'maternity',
      beds: share(0.05, 0),
      bedsPerRoom: 2,
      encounterClass: 'IMP',
    },
    {
      code: 'PED',
      name: 'Pediatrics',
      specialty: 'pediatrics',
      beds: share(0.05, 0),
      bedsPerRoom: 2,
      encounterClass: 'IMP',
    },
  ];
  const special = candidates.filter((plan) => plan.beds > 0);
  let remaining = totalBeds - special.reduce((sum, plan) => sum + plan.beds, 0);
  const wards: UnitPlan[] = [];
  for (let ward = 0; remaining > 0; ward += 1) {
    const floor = 2 + Math.floor(ward / 2);
    const side = ward % 2 === 0 ? 'North' : 'South';
    const beds = Math.min(32, remaining);
    wards.push({
      code: `${floor}${side[0]}`,
      name: `${floor}-${side}`,
      specialty: WARD_SPECIALTIES[ward % WARD_SPECIALTIES.length]!,
      beds,
      bedsPerRoom: 2,
      encounterClass: 'IMP',
    });
    remaining -= beds;
  }
  return [...special, ...wards];
}

function roomName(plan: UnitPlan, index: number): string {
  const floor = /^(\d+)([NS])$/.exec(plan.code);
  if (floor) return String(Number(floor[1]) * 100 + (floor[2] === 'N' ? 1 : 51) + index);
  return `${plan.code}-${String(index + 1).padStart(2, '0')}`;
}

export function layoutHospital(totalBeds: number, seed: number): HospitalLayout {
  const random = new Random(seed, 0x5eed);
  const units = plans(totalBeds).map((plan): UnitLayout => {
    const unit: UnitLayout = {
      code: plan.code,
      name: plan.name,
      specialty: plan.specialty,
      encounterClass: plan.encounterClass,
      locationId: `loc-${plan.code}`,
      beds: [],
    };
    for (let placed = 0, room = 0; placed < plan.beds; room += 1) {
      const name = roomName(plan, room);
      for (let letter = 0; letter < plan.bedsPerRoom && placed < plan.beds; letter += 1, placed += 1) {
        const bed = `${name}-${String.fromCharCode(65 + letter)}`;
        unit.beds.push({
          unit,
          room: name,
          bed,
          roomLocationId: `loc-${plan.code}-${name}`,
          bedLocationId: `loc-${plan.code}-${bed}`,
        });
      }
    }
    return unit;
  });
  const staff = (prefix: string, count: number, title: string): StaffMember[] =>
    Array.from({ length: count }, (_, index) => {
      const name = personName(random, random.chance(0.6) ? 'female' : 'male');
      return {
        id: `prac-${prefix}-${String(index + 1).padStart(3, '0')}`,
        display: `${title} ${name.given} ${name.family}`,
      };
    });
  return {
    organizationId: 'org-hospital',
    name: 'AZ Lifeline Demo',
    units,
    physicians: staff('doc', Math.max(5, Math.round(totalBeds / 15)), 'Dr.'),
    nurses: staff('nurse', Math.max(10, Math.round(totalBeds / 5)), 'Nurse'),
    clinicLocationId: 'loc-OPD',
  };
}

function location(
  id: string,
  name: string,
  physical: [string, string],
  partOf: string | null,
  organizationId: string,
): FhirResource {
  return {
    resourceType: 'Location',
    id,
    identifier: [{ system: LOCATION_SYSTEM, value: id.slice(4) }],
    status: 'active',
    name,
    mode: 'instance',
    physicalType: { coding: [{ system: PHYSICAL_TYPE, code: physical[0], display: physical[1] }] },
    managingOrganization: { reference: `Organization/${organizationId}` },
    ...(partOf ? { partOf: { reference: `Location/${partOf}` } } : {}),
  };
}

/** The organisation, its Locations (unit, room, bed) and its staff. */
export function* facilityResources(layout: HospitalLayout): Generator<FhirResource> {
  yield {
    resourceType: 'Organization',
    id: layout.organizationId,
    identifier: [{ system: LOCATION_SYSTEM, value: 'hospital' }],
    active: true,
    type: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/organization-type',
            code: 'prov',
            display: 'Healthcare Provider',
          },
        ],
      },
    ],
    name: layout.name,
    address: [{ line: ['Ziekenhuisstraat 1'], city: 'Antwerpen', postalCode: '2000', country: 'BE' }],
  };
  yield location(
    layout.clinicLocationId,
    'Outpatient clinic',
    ['bu', 'Building'],
    null,
    layout.organizationId,
  );
  for (const unit of layout.units) {
    yield location(unit.locationId, unit.name, ['wa', 'Ward'], null, layout.organizationId);
    const rooms = new Set<string>();
    for (const spot of unit.beds) {
      if (!rooms.has(spot.roomLocationId)) {
        rooms.add(spot.roomLocationId);
        yield location(
          spot.roomLocationId,
          spot.room,
          ['ro', 'Room'],
          unit.locationId,
          layout.organizationId,
        );
      }
      yield location(spot.bedLocationId, spot.bed, ['bd', 'Bed'], spot.roomLocationId, layout.organizationId);
    }
  }
  for (const [members, title] of [
    [layout.physicians, 'Physician'],
    [layout.nurses, 'Nurse'],
  ] as const) {
    for (const member of members) {
      const [, given = '', ...family] = member.display.split(' ');
      yield {
        resourceType: 'Practitioner',
        id: member.id,
        identifier: [{ system: 'urn:lifeline:demo:staff', value: member.id.slice(5) }],
        active: true,
        name: [{ family: family.join(' '), given: [given], text: member.display }],
        qualification: [{ code: { text: title } }],
      };
    }
  }
}

/** A unit's census as a Group, so a unit kit can be pulled with a Group-level export. */
export function unitGroup(
  unit: UnitLayout,
  patientIds: readonly string[],
  organizationId: string,
): FhirResource {
  return {
    resourceType: 'Group',
    id: `grp-${unit.code}`,
    identifier: [{ system: LOCATION_SYSTEM, value: `census-${unit.code}` }],
    active: true,
    type: 'person',
    actual: true,
    name: `${unit.name} census`,
    managingEntity: { reference: `Organization/${organizationId}` },
    quantity: patientIds.length,
    member: patientIds.map((id) => ({ entity: { reference: `Patient/${id}` } })),
  };
}
