import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../../kernel/errors.js';
import { searchStore } from './search.js';
import { EhrStore } from './store.js';

function clockAt(start: string): { clock: () => Date; advance: (ms: number) => void } {
  let now = Date.parse(start);
  return { clock: () => new Date(now), advance: (ms) => (now += ms) };
}

describe('EhrStore', () => {
  it('versions every write and stamps meta', () => {
    const time = clockAt('2026-11-26T08:00:00Z');
    const store = new EhrStore({ clock: time.clock });
    const first = store.update({ resourceType: 'Patient', id: 'a', meta: { profile: ['x'] } });
    time.advance(1000);
    const second = store.update({ resourceType: 'Patient', id: 'a', gender: 'female' });
    expect([first.versionId, second.versionId]).toEqual([1, 2]);
    expect(store.read('Patient', 'a')).toEqual({
      resourceType: 'Patient',
      id: 'a',
      meta: { versionId: '2', lastUpdated: '2026-11-26T08:00:01.000Z' },
      gender: 'female',
    });
    expect(store.count('Patient')).toBe(1);
  });

  it('creates with fresh ids and refuses what is not a storable resource', () => {
    const store = new EhrStore();
    const created = store.create({ resourceType: 'Observation', id: 'ignored-by-create' });
    expect(created.id).not.toBe('ignored-by-create');
    for (const bad of [
      null,
      'text',
      { resourceType: 'NoSuchType' },
      { resourceType: 'Bundle' },
      { resourceType: 'Patient', meta: 'x' },
    ]) {
      const error = (() => {
        try {
          return store.create(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(isLifelineError(error) && error.code).toBe('CONTINUITY_EHR_INVALID_RESOURCE');
    }
    expect(() => store.update({ resourceType: 'Patient', id: 'bad id!' })).toThrow();
  });

  it('keeps writes after a fence strictly later, even when the clock stands still', () => {
    const store = new EhrStore({ clock: () => new Date('2026-11-26T08:00:00Z') });
    store.update({ resourceType: 'Patient', id: 'a' });
    const fence = store.fence();
    const after = store.update({ resourceType: 'Patient', id: 'b' });
    expect(after.lastUpdated).toBeGreaterThan(fence);
  });

  it('indexes the patient compartment and follows changes of subject', () => {
    const store = new EhrStore();
    store.update({ resourceType: 'Patient', id: 'p1' });
    store.update({ resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/p1' } });
    store.update({ resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'Patient/p1' } });
    store.update({
      resourceType: 'Appointment',
      id: 'ap1',
      participant: [{ actor: { reference: 'Patient/p1' } }],
    });
    expect(store.compartment('p1').map((version) => version.id)).toEqual(['p1', 'o1', 'a1', 'ap1']);
    store.update({ resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/p2' } });
    expect(store.compartment('p1').map((version) => version.id)).toEqual(['p1', 'a1', 'ap1']);
    expect(store.compartment('p2').map((version) => version.id)).toEqual(['o1']);
  });

  it('finds by identifier exactly and forgets replaced identifiers', () => {
    const store = new EhrStore();
    store.update({ resourceType: 'Patient', id: 'p1', identifier: [{ system: 'urn:mrn', value: '42' }] });
    expect(store.withIdentifier('Patient', 'urn:mrn|42')).toHaveLength(1);
    expect(store.withIdentifier('Patient', '42')).toHaveLength(1);
    store.update({ resourceType: 'Patient', id: 'p1', identifier: [{ system: 'urn:mrn', value: '43' }] });
    expect(store.withIdentifier('Patient', 'urn:mrn|42')).toHaveLength(0);
    expect(store.withIdentifier('Patient', 'urn:mrn|43')).toHaveLength(1);
  });
});

describe('searchStore', () => {
  const store = new EhrStore({ clock: () => new Date('2026-11-26T08:00:00Z') });
  store.update({
    resourceType: 'Patient',
    id: 'p1',
    name: [{ family: 'Van den Bossche', given: ['Françoise'] }],
    birthDate: '1950-03-04',
    gender: 'female',
  });
  store.update({
    resourceType: 'Patient',
    id: 'p2',
    name: [{ family: 'Lefèvre', given: ['Jean'] }],
    birthDate: '1980-12-01',
    identifier: [{ system: 'urn:mrn', value: '7' }],
  });
  store.update({
    resourceType: 'Observation',
    id: 'o1',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
    subject: { reference: 'Patient/p1' },
  });
  store.update({
    resourceType: 'Observation',
    id: 'o2',
    status: 'preliminary',
    subject: { reference: 'Patient/p2' },
  });
  const ids = (type: string, params: [string, string][]): string[] =>
    searchStore(store, type, params).map((version) => version.id);

  it('matches names ignoring case and accents, by prefix and by later words', () => {
    expect(ids('Patient', [['name', 'francoise']])).toEqual(['p1']);
    expect(ids('Patient', [['family', 'lefe']])).toEqual(['p2']);
    expect(ids('Patient', [['name', 'bossche']])).toEqual(['p1']);
    expect(ids('Patient', [['name:exact', 'van den bossche']])).toEqual(['p1']);
    expect(ids('Patient', [['name', 'x']])).toEqual([]);
  });

  it('matches birth dates with prefixes, tokens, references and _id', () => {
    expect(ids('Patient', [['birthdate', 'lt1960']])).toEqual(['p1']);
    expect(ids('Patient', [['birthdate', '1980-12']])).toEqual(['p2']);
    expect(ids('Patient', [['identifier', 'urn:mrn|7']])).toEqual(['p2']);
    expect(ids('Patient', [['gender', 'female']])).toEqual(['p1']);
    expect(ids('Observation', [['patient', 'Patient/p1']])).toEqual(['o1']);
    expect(ids('Observation', [['subject', 'p2']])).toEqual(['o2']);
    expect(ids('Observation', [['status', 'final,preliminary']])).toEqual(['o1', 'o2']);
    expect(ids('Observation', [['category', 'laboratory']])).toEqual(['o1']);
    expect(ids('Observation', [['code', 'http://loinc.org|']])).toEqual(['o1']);
    expect(ids('Observation', [['_id', 'o2,o9']])).toEqual(['o2']);
    expect(
      ids('Observation', [
        ['_lastUpdated', 'ge2026-11-26'],
        ['_lastUpdated', 'lt2026-11-27'],
      ]),
    ).toEqual(['o1', 'o2']);
  });

  it('ignores unknown parameters unless strict, and refuses malformed values', () => {
    expect(ids('Patient', [['unknown', 'x']])).toEqual(['p1', 'p2']);
    expect(() => searchStore(store, 'Patient', [['unknown', 'x']], { strict: true })).toThrow();
    expect(() => searchStore(store, 'Patient', [['birthdate', 'soon']])).toThrow();
    expect(() => searchStore(store, 'Observation', [['subject', 'Group/g1']])).toThrow();
  });
});
