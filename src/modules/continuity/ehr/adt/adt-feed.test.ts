import { describe, expect, it } from 'vitest';
import { loadHospital } from '../generate/hospital.js';
import { EhrStore } from '../store/store.js';
import { createAdtFeed } from './adt-feed.js';
import { readBeds, readStays } from './census-reader.js';

const NOW = new Date('2026-11-26T08:00:00Z');

function hospital(): EhrStore {
  const store = new EhrStore({ clock: () => NOW });
  loadHospital(store, { beds: 40, outpatients: 10, seed: 3, now: NOW });
  return store;
}

describe('the ADT feed', () => {
  it('admits into a free bed and records the stay in the store', () => {
    const store = hospital();
    const beds = readBeds(store);
    const before = readStays(store, beds).length;
    const step = createAdtFeed({ store, clock: () => NOW, seed: 1 }).next('admit')!;
    expect(step.event).toMatchObject({
      kind: 'admit',
      trigger: 'A01',
      priorLocation: null,
      at: NOW.toISOString(),
    });
    const stays = readStays(store, beds);
    expect(stays).toHaveLength(before + 1);
    const stay = stays.find((candidate) => candidate.patientId === step.changed[0]!.id)!;
    expect(stay.bed.location).toEqual(step.event.location);
    const patient = store.read('Patient', stay.patientId)!;
    expect((patient.identifier as { value: string }[])[0]!.value).toBe(step.event.patient.mrn);
    const group = store.read('Group', `grp-${stay.bed.unitCode}`)!;
    expect(JSON.stringify(group.member)).toContain(`Patient/${stay.patientId}`);
  });

  it('transfers to a free bed elsewhere and closes the old location', () => {
    const store = hospital();
    const beds = readBeds(store);
    const step = createAdtFeed({ store, clock: () => NOW, seed: 2 }).next('transfer')!;
    expect(step.event.kind).toBe('transfer');
    expect(step.event.priorLocation).not.toEqual(step.event.location);
    const encounter = step.changed.find((version) => version.type === 'Encounter')!;
    const stay = readStays(store, beds).find((candidate) => candidate.encounter.id === encounter.id)!;
    expect(stay.bed.location).toEqual(step.event.location);
    const entries = stay.encounter.location as { status: string; period: { end?: string } }[];
    expect(entries.filter((entry) => entry.status === 'active')).toHaveLength(3);
    expect(
      entries
        .filter((entry) => entry.status === 'completed')
        .every((entry) => entry.period.end === NOW.toISOString()),
    ).toBe(true);
  });

  it('discharges: the stay ends, the bed is free and the census Group forgets the patient', () => {
    const store = hospital();
    const beds = readBeds(store);
    const before = readStays(store, beds);
    const step = createAdtFeed({ store, clock: () => NOW, seed: 3 }).next('discharge')!;
    expect(step.event).toMatchObject({ kind: 'discharge', trigger: 'A03' });
    const encounter = store.read('Encounter', step.changed[0]!.id)!;
    expect(encounter.status).toBe('finished');
    const after = readStays(store, beds);
    expect(after).toHaveLength(before.length - 1);
    const patientId = before.find((stay) => stay.encounter.id === encounter.id)!.patientId;
    const groups = [...store.versions('Group')].map((version) => version.json).join('');
    expect(groups).not.toContain(`Patient/${patientId}"`);
  });

  it('runs many steps keeping one patient per bed, with unique control ids', () => {
    const store = hospital();
    const feed = createAdtFeed({ store, clock: () => NOW, seed: 4 });
    const ids = new Set<string>();
    for (let count = 0; count < 60; count += 1) {
      const step = feed.next();
      if (step) ids.add(step.event.messageControlId);
    }
    expect(ids.size).toBeGreaterThan(50);
    const stays = readStays(store, readBeds(store));
    expect(new Set(stays.map((stay) => stay.bed.bedId)).size).toBe(stays.length);
  });

  it('has nothing to do in an empty store', () => {
    expect(createAdtFeed({ store: new EhrStore(), clock: () => NOW, seed: 5 }).next()).toBeNull();
  });
});
