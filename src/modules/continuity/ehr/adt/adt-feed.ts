import type { CensusEvent } from '../../types.js';
import type { FhirResource } from '../fhir-types.js';
import { MRN_SYSTEM, VISIT_SYSTEM } from '../generate/facility.js';
import { medicalRecordNumber, newPerson, patientResource } from '../generate/person.js';
import { Random } from '../generate/random.js';
import type { EhrStore, StoredVersion } from '../store/store.js';
import { readBeds, readStays, type Bed, type Stay } from './census-reader.js';

export type AdtKind = 'admit' | 'transfer' | 'discharge';

export interface AdtStep {
  event: CensusEvent;
  /** The versions the step wrote, so a caller can tell which resources changed. */
  changed: StoredVersion[];
}

export interface AdtFeedOptions {
  store: EhrStore;
  clock: () => Date;
  seed: number;
  /** Prefix of message control ids, so two feeds never share one. */
  controlIdPrefix?: string;
}

const TRIGGERS = { admit: 'A01', transfer: 'A02', discharge: 'A03' } as const;

type Json = Record<string, unknown>;

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function patientFacts(patient: FhirResource): CensusEvent['patient'] {
  const identifiers = (patient.identifier as Json[] | undefined) ?? [];
  const mrn = identifiers.find((identifier) => identifier?.system === MRN_SYSTEM) ?? identifiers[0];
  const name = ((patient.name as Json[] | undefined) ?? [])[0] ?? {};
  return {
    mrn: text(mrn?.value, patient.id ?? ''),
    family: text(name.family),
    given: text(((name.given as unknown[] | undefined) ?? [])[0]),
    birthDate: typeof patient.birthDate === 'string' ? patient.birthDate : null,
    gender: typeof patient.gender === 'string' ? patient.gender : null,
  };
}

function bedEntries(bed: Bed, start: string): Json[] {
  const entry = (id: string, display: string, code: string): Json => ({
    location: { reference: `Location/${id}`, display },
    status: 'active',
    physicalType: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code }],
    },
    period: { start },
  });
  return [
    entry(bed.unitId, bed.location.unit, 'wa'),
    entry(bed.roomId, bed.location.room ?? '', 'ro'),
    entry(bed.bedId, bed.location.bed ?? '', 'bd'),
  ];
}

function closeLocations(encounter: FhirResource, at: string): Json[] {
  return ((encounter.location as Json[] | undefined) ?? []).map((entry) =>
    entry?.status === 'active'
      ? { ...entry, status: 'completed', period: { ...(entry.period as Json | undefined), end: at } }
      : entry,
  );
}

/**
 * Admissions, transfers and discharges that really happen in the store: each step updates Patient,
 * Encounter and the unit census Groups, and returns the matching CensusEvent for an ADT message.
 */
export class AdtFeed {
  private count = 0;
  private beds: Bed[] | null = null;

  constructor(private readonly options: AdtFeedOptions) {}

  /** One event of the given kind, or of a likely kind; null when none is possible (no bed, no patient). */
  next(kind?: AdtKind): AdtStep | null {
    this.count += 1;
    const random = new Random(this.options.seed, this.count, 0xad7);
    this.beds ??= readBeds(this.options.store);
    const stays = readStays(this.options.store, this.beds);
    const taken = new Set(stays.map((stay) => stay.bed.bedId));
    const free = this.beds.filter((bed) => !taken.has(bed.bedId));
    const chosen =
      kind ??
      random.weighted<AdtKind>([
        ['admit', free.length > 0 ? 4 : 0],
        ['transfer', stays.length > 0 && free.length > 0 ? 2 : 0],
        ['discharge', stays.length > 0 ? 4 : 0],
      ]);
    if (chosen === 'admit') return free.length === 0 ? null : this.admit(random, random.pick(free));
    if (stays.length === 0) return null;
    const stay = random.pick(stays);
    if (chosen === 'discharge') return this.discharge(stay);
    const elsewhere = free.filter((bed) => bed.unitId !== stay.bed.unitId);
    return free.length === 0
      ? null
      : this.transfer(stay, random.pick(elsewhere.length > 0 ? elsewhere : free));
  }

  private event(
    kind: AdtKind,
    patient: FhirResource,
    encounter: FhirResource,
    location: Bed,
    prior: Bed | null,
  ): CensusEvent {
    const visit = ((encounter.identifier as Json[] | undefined) ?? [])[0]?.value;
    const classCode = (encounter.class as Json | undefined)?.code;
    return {
      kind,
      trigger: TRIGGERS[kind],
      messageControlId: `${this.options.controlIdPrefix ?? 'EHR'}${this.options.seed}-${this.count}`,
      at: this.options.clock().toISOString(),
      patient: patientFacts(patient),
      location: location.location,
      priorLocation: prior?.location ?? null,
      visitNumber: typeof visit === 'string' ? visit : null,
      patientClass: classCode === 'EMER' ? 'E' : 'I',
    };
  }

  private admit(random: Random, bed: Bed): AdtStep {
    const { store } = this.options;
    const now = this.options.clock();
    let index = 900_000 + this.count;
    while (
      store.version('Patient', `pat-${index}`) ||
      store.withIdentifier('Patient', `${MRN_SYSTEM}|${medicalRecordNumber(index)}`).length > 0
    )
      index += 1_000;
    const person = {
      ...newPerson(random, index, now, 'medicine'),
      id: `pat-${index}`,
      mrn: medicalRecordNumber(index),
    };
    const patient = patientResource(person, random, bed.organizationId);
    const emergency = bed.unitCode === 'ER';
    const encounter: FhirResource = {
      resourceType: 'Encounter',
      id: `enc-${index}-1`,
      identifier: [{ system: VISIT_SYSTEM, value: `V${person.mrn}${random.int(10, 99)}` }],
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: emergency ? 'EMER' : 'IMP' },
      subject: { reference: `Patient/${person.id}` },
      period: { start: now.toISOString() },
      location: bedEntries(bed, now.toISOString()),
    };
    const writes = [
      store.prepareUpdate(patient),
      store.prepareUpdate(encounter),
      ...this.groupChanges(person.id, null, bed),
    ];
    return { event: this.event('admit', patient, encounter, bed, null), changed: store.commit(writes) };
  }

  private transfer(stay: Stay, bed: Bed): AdtStep {
    const { store } = this.options;
    const at = this.options.clock().toISOString();
    const encounter: FhirResource = {
      ...stay.encounter,
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: bed.unitCode === 'ER' ? 'EMER' : 'IMP',
      },
      location: [...closeLocations(stay.encounter, at), ...bedEntries(bed, at)],
    };
    const writes = [store.prepareUpdate(encounter), ...this.groupChanges(stay.patientId, stay.bed, bed)];
    const patient = store.read('Patient', stay.patientId) ?? { resourceType: 'Patient', id: stay.patientId };
    return {
      event: this.event('transfer', patient, encounter, bed, stay.bed),
      changed: store.commit(writes),
    };
  }

  private discharge(stay: Stay): AdtStep {
    const { store } = this.options;
    const at = this.options.clock().toISOString();
    const encounter: FhirResource = {
      ...stay.encounter,
      status: 'finished',
      period: { ...(stay.encounter.period as Json | undefined), end: at },
      location: closeLocations(stay.encounter, at),
    };
    const writes = [store.prepareUpdate(encounter), ...this.groupChanges(stay.patientId, stay.bed, null)];
    const patient = store.read('Patient', stay.patientId) ?? { resourceType: 'Patient', id: stay.patientId };
    return {
      event: this.event('discharge', patient, encounter, stay.bed, null),
      changed: store.commit(writes),
    };
  }

  /** Membership changes of the unit census Groups (`grp-<unit code>`), where the store has them. */
  private groupChanges(
    patientId: string,
    from: Bed | null,
    to: Bed | null,
  ): ReturnType<EhrStore['prepareUpdate']>[] {
    if (from && to && from.unitId === to.unitId) return [];
    const reference = `Patient/${patientId}`;
    const writes = [];
    for (const [bed, joining] of [
      [from, false],
      [to, true],
    ] as const) {
      if (!bed) continue;
      const group = this.options.store.read('Group', `grp-${bed.unitCode}`);
      if (!group) continue;
      const members = ((group.member as Json[] | undefined) ?? []).filter(
        (member) => (member?.entity as Json | undefined)?.reference !== reference,
      );
      if (joining) members.push({ entity: { reference } });
      writes.push(this.options.store.prepareUpdate({ ...group, member: members, quantity: members.length }));
    }
    return writes;
  }
}

export function createAdtFeed(options: AdtFeedOptions): AdtFeed {
  return new AdtFeed(options);
}
