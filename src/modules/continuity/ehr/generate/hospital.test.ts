import { describe, expect, it } from 'vitest';
import type { FhirResource } from '../fhir-types.js';
import { searchStore } from '../store/search.js';
import { EhrStore } from '../store/store.js';
import { generateHospital, hospitalLayout, loadHospital, streamHospital } from './hospital.js';
import { zoneOffsetMinutes } from './local-time.js';

const NOW = new Date('2026-11-26T08:00:00Z');
const OPTIONS = { beds: 60, outpatients: 40, seed: 7, now: NOW };

type Json = Record<string, any>;

function byType(resources: FhirResource[], type: string): Json[] {
  return resources.filter((resource) => resource.resourceType === type);
}

describe('generateHospital', () => {
  const resources = generateHospital(OPTIONS);

  it('is deterministic for the same options and differs for another seed', () => {
    expect(JSON.stringify(generateHospital(OPTIONS))).toBe(JSON.stringify(resources));
    expect(JSON.stringify(generateHospital({ ...OPTIONS, seed: 8 }))).not.toBe(JSON.stringify(resources));
  });

  it('lays out units with rooms and beds as Locations', () => {
    const layout = hospitalLayout(OPTIONS);
    expect(layout.units.map((unit) => unit.code)).toEqual(expect.arrayContaining(['ICU', 'CCU', 'ER', '2N']));
    expect(layout.units.reduce((sum, unit) => sum + unit.beds.length, 0)).toBe(60);
    const beds = byType(resources, 'Location').filter(
      (location) => location.physicalType.coding[0].code === 'bd',
    );
    expect(beds).toHaveLength(60);
    const ids = new Set(byType(resources, 'Location').map((location) => `Location/${location.id}`));
    for (const bed of beds) expect(ids.has(bed.partOf.reference)).toBe(true);
  });

  it('fills most beds with in-progress inpatient stays, one patient per bed', () => {
    const stays = byType(resources, 'Encounter').filter((encounter) => encounter.status === 'in-progress');
    expect(stays.length).toBeGreaterThan(40);
    expect(stays.length).toBeLessThanOrEqual(60);
    const beds = stays.map(
      (stay) =>
        stay.location.find((entry: Json) => entry.physicalType.coding[0].code === 'bd').location.reference,
    );
    expect(new Set(beds).size).toBe(stays.length);
    const members = byType(resources, 'Group').flatMap((group) =>
      group.member.map((member: Json) => member.entity.reference),
    );
    expect(new Set(members)).toEqual(new Set(stays.map((stay) => stay.subject.reference)));
  });

  it('gives every patient an MRN and a name, and all patients are counted', () => {
    const patients = byType(resources, 'Patient');
    const inpatients = byType(resources, 'Encounter').filter(
      (encounter) => encounter.status === 'in-progress',
    ).length;
    expect(patients).toHaveLength(inpatients + 40);
    for (const patient of patients) {
      expect(patient.identifier[0].type.coding[0].code).toBe('MR');
      expect(patient.identifier[0].value).toMatch(/^\d{9}$/);
      expect(patient.name[0].family.length).toBeGreaterThan(1);
    }
    expect(new Set(patients.map((patient) => patient.identifier[0].value)).size).toBe(patients.length);
  });

  it('writes a MAR over the last 24 hours at the local times the orders name', () => {
    const requests = new Map(
      byType(resources, 'MedicationRequest').map((request) => [`MedicationRequest/${request.id}`, request]),
    );
    const administrations = byType(resources, 'MedicationAdministration');
    expect(administrations.length).toBeGreaterThan(50);
    for (const administration of administrations) {
      const at = Date.parse(administration.effectiveDateTime);
      expect(at).toBeLessThan(NOW.getTime());
      expect(at).toBeGreaterThanOrEqual(NOW.getTime() - 24 * 3_600_000);
      const order = requests.get(administration.request.reference)!;
      const times: string[] | undefined = order.dosageInstruction[0].timing.repeat.timeOfDay;
      if (!times) continue;
      const local = new Date(at + zoneOffsetMinutes(at) * 60_000);
      const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
      const near = times.some((time) => {
        const [h, m] = time.split(':').map(Number);
        const scheduled = h! * 60 + m!;
        return (minutes - scheduled + 1440) % 1440 <= 25;
      });
      expect(near).toBe(true);
    }
    expect(administrations.some((administration) => administration.status === 'not-done')).toBe(true);
  });

  it('records vital signs, laboratory results, code status and future appointments', () => {
    const observations = byType(resources, 'Observation');
    const codes = new Set(observations.map((observation) => observation.code.coding[0].code));
    for (const code of ['8867-4', '85354-9', '8310-5', '9279-1', '59408-5', '718-7', '2951-2', '304251008'])
      expect(codes.has(code), code).toBe(true);
    const panel = observations.find((observation) => observation.code.coding[0].code === '85354-9')!;
    expect(panel.component.map((component: Json) => component.code.coding[0].code)).toEqual([
      '8480-6',
      '8462-4',
    ]);
    for (const appointment of byType(resources, 'Appointment'))
      expect(Date.parse(appointment.start)).toBeGreaterThan(NOW.getTime());
  });

  it('only refers to resources it also generates', () => {
    const ids = new Set(resources.map((resource) => `${resource.resourceType}/${resource.id}`));
    const references = JSON.stringify(resources).match(/"reference":"[^"]+"/g) ?? [];
    for (const reference of references) expect(ids.has(reference.slice(13, -1)), reference).toBe(true);
  });

  it('streams a large outpatient population without holding it, and loads it into the store', () => {
    let patients = 0;
    for (const resource of streamHospital({ beds: 30, outpatients: 5000, seed: 1, now: NOW }))
      if (resource.resourceType === 'Patient') patients += 1;
    expect(patients).toBeGreaterThan(5000);
    const store = new EhrStore();
    const loaded = loadHospital(store, { beds: 30, outpatients: 5000, seed: 1, now: NOW });
    expect(loaded.patients).toBe(patients);
    expect(store.count('Patient')).toBe(patients);
    expect(searchStore(store, 'Patient', [['name', 'peeters']]).length).toBeGreaterThan(0);
  });
});
