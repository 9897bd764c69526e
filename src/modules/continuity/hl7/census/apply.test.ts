import { describe, expect, it } from 'vitest';
import type { CensusEvent, KitLocation } from '../../types.js';
import { applyCensusEvent } from './apply.js';
import { bedOccupant, censusByUnit, censusUnits, pruneCensus } from './queries.js';
import { EMPTY_CENSUS, type CensusState } from './state.js';

const cardio204B: KitLocation = { unit: 'CARDIO', room: '204', bed: 'B' };
const icu31: KitLocation = { unit: 'ICU', room: '3', bed: '1' };

let counter = 0;
function event(trigger: CensusEvent['trigger'], at: string, changes: Partial<CensusEvent> = {}): CensusEvent {
  const kinds = {
    A01: 'admit',
    A02: 'transfer',
    A03: 'discharge',
    A04: 'register',
    A08: 'update',
    A11: 'cancel-admit',
    A12: 'cancel-transfer',
    A13: 'cancel-discharge',
  } as const;
  return {
    kind: kinds[trigger],
    trigger,
    messageControlId: `C${++counter}`,
    at,
    patient: { mrn: 'M1', family: 'Peeters', given: 'Jan', birthDate: '1952-03-17', gender: 'male' },
    location: null,
    priorLocation: null,
    visitNumber: 'V1',
    patientClass: 'I',
    ...changes,
  };
}

function run(...events: CensusEvent[]): CensusState {
  return events.reduce(applyCensusEvent, EMPTY_CENSUS);
}

const admit = () => event('A01', '2026-11-26T08:00:00Z', { location: cardio204B });
const transfer = () => event('A02', '2026-11-26T14:00:00Z', { location: icu31, priorLocation: cardio204B });
const discharge = () => event('A03', '2026-11-28T10:00:00Z', { priorLocation: icu31 });

describe('applyCensusEvent', () => {
  it('follows a stay from admission through transfer to discharge', () => {
    const admitted = run(admit());
    expect(admitted.patients.get('M1')).toMatchObject({
      present: true,
      location: cardio204B,
      admittedAt: '2026-11-26T08:00:00Z',
      patientClass: 'I',
      family: 'Peeters',
    });
    const moved = applyCensusEvent(admitted, transfer());
    expect(moved.patients.get('M1')).toMatchObject({
      present: true,
      location: icu31,
      admittedAt: '2026-11-26T08:00:00Z',
    });
    const gone = applyCensusEvent(moved, discharge());
    expect(gone.patients.get('M1')).toMatchObject({ present: false, location: null });
    expect(censusByUnit(gone, 'ICU')).toEqual([]);
  });

  it('never changes the state it is given', () => {
    const before = run(admit());
    const snapshot = structuredClone(before);
    applyCensusEvent(before, transfer());
    expect(before).toEqual(snapshot);
  });

  it('takes a cancelled admission off the census', () => {
    const state = run(admit(), event('A11', '2026-11-26T08:30:00Z', { location: cardio204B }));
    expect(state.patients.get('M1')).toMatchObject({ present: false, location: null, admittedAt: null });
    expect(bedOccupant(state, cardio204B)).toBeUndefined();
  });

  it('puts a patient back after a cancelled transfer, from history when the message names no place', () => {
    const named = run(admit(), transfer(), event('A12', '2026-11-26T14:15:00Z', { location: cardio204B }));
    expect(named.patients.get('M1')?.location).toEqual(cardio204B);
    const fromHistory = run(admit(), transfer(), event('A12', '2026-11-26T14:15:00Z'));
    expect(fromHistory.patients.get('M1')?.location).toEqual(cardio204B);
    expect(fromHistory.patients.get('M1')?.undo.map((entry) => entry.trigger)).toEqual(['A01']);
  });

  it('puts a patient back in the bed they had after a cancelled discharge', () => {
    const state = run(admit(), transfer(), discharge(), event('A13', '2026-11-28T10:30:00Z'));
    expect(state.patients.get('M1')).toMatchObject({
      present: true,
      location: icu31,
      admittedAt: '2026-11-26T08:00:00Z',
    });
    expect(bedOccupant(state, icu31)?.mrn).toBe('M1');
  });

  it('ignores a resent message', () => {
    const first = admit();
    const once = run(first);
    const moved = applyCensusEvent(once, transfer());
    expect(applyCensusEvent(once, first)).toBe(once);
    // Same control id later on: still a resend, even though newer events came in between.
    expect(applyCensusEvent(moved, { ...first, at: '2026-11-26T15:00:00Z' })).toBe(moved);
  });

  it('ignores an event older than the newest one applied for that patient', () => {
    const state = run(admit(), transfer());
    const late = event('A08', '2026-11-26T09:00:00Z', {
      location: cardio204B,
      patient: { ...admit().patient, family: 'Old' },
    });
    expect(applyCensusEvent(state, late)).toBe(state);
    const sameTime = event('A08', '2026-11-26T14:00:00Z', {
      patient: { ...admit().patient, given: 'Johannes' },
    });
    expect(applyCensusEvent(state, sameTime).patients.get('M1')?.given).toBe('Johannes');
  });

  it('applies a transfer entered late and backdated, ordered by when it was recorded', () => {
    const state = run(admit(), event('A08', '2026-11-26T10:00:00Z', { location: cardio204B }));
    // Happened at 09:30, entered at 10:05: after the 10:00 update, so it is not stale.
    const backdated = event('A02', '2026-11-26T09:30:00Z', {
      location: icu31,
      recordedAt: '2026-11-26T10:05:00Z',
    });
    const moved = applyCensusEvent(state, backdated);
    expect(moved.patients.get('M1')?.location).toEqual(icu31);
    // A replay recorded before the update stays ignored.
    const replay = event('A02', '2026-11-26T09:30:00Z', {
      location: icu31,
      recordedAt: '2026-11-26T09:31:00Z',
    });
    expect(applyCensusEvent(state, replay)).toBe(state);
  });

  it('compares times across offsets', () => {
    const state = run(event('A01', '2026-11-26T09:00:00+01:00', { location: cardio204B }));
    // 08:30Z is half an hour after 09:00+01:00, though it sorts before it as text.
    const later = event('A02', '2026-11-26T08:30:00Z', { location: icu31 });
    expect(applyCensusEvent(state, later).patients.get('M1')?.location).toEqual(icu31);
    const earlier = event('A02', '2026-11-26T07:30:00Z', { location: icu31 });
    expect(applyCensusEvent(state, earlier)).toBe(state);
  });

  it('lets an update correct details and move a present patient, but never admit a known one', () => {
    const state = run(
      admit(),
      event('A08', '2026-11-26T09:00:00Z', {
        location: icu31,
        patient: { ...admit().patient, birthDate: null, given: '' },
      }),
    );
    expect(state.patients.get('M1')).toMatchObject({
      location: icu31,
      given: 'Jan',
      birthDate: '1952-03-17',
    });
    const after = run(admit(), discharge(), event('A08', '2026-11-29T09:00:00Z', { location: icu31 }));
    expect(after.patients.get('M1')?.present).toBe(false);
  });

  it('learns about patients it first meets in an update, as the feed starts mid-stay', () => {
    const state = run(event('A08', '2026-11-26T09:00:00Z', { location: icu31 }));
    expect(state.patients.get('M1')).toMatchObject({ present: true, location: icu31, admittedAt: null });
  });

  it('registers emergency visits on their unit', () => {
    const box = { unit: 'SEH', room: 'BOX2', bed: null };
    const state = run(event('A04', '2026-11-26T19:30:00Z', { location: box, patientClass: 'E' }));
    expect(censusByUnit(state, 'SEH').map((p) => p.patientClass)).toEqual(['E']);
    expect(bedOccupant(state, box)?.mrn).toBe('M1');
  });
});

describe('census queries', () => {
  const patient = (mrn: string, location: KitLocation, at = '2026-11-26T08:00:00Z') =>
    event('A01', at, { location, patient: { ...admit().patient, mrn } });
  const state = run(
    patient('A', { unit: 'CARDIO', room: '210', bed: 'A' }),
    patient('B', { unit: 'CARDIO', room: '21', bed: 'B' }),
    patient('C', { unit: 'CARDIO', room: '21', bed: 'A' }),
    patient('D', icu31),
    event('A03', '2026-11-27T08:00:00Z', { patient: { ...admit().patient, mrn: 'D' } }),
    patient('E', { unit: 'CARDIO', room: '9', bed: null }),
  );

  it('lists a unit ordered by room and bed, numbers in numeric order', () => {
    expect(censusByUnit(state, 'CARDIO').map((p) => p.mrn)).toEqual(['E', 'C', 'B', 'A']);
    expect(censusByUnit(state, 'ICU')).toEqual([]);
    expect([...censusUnits(state).keys()]).toEqual(['CARDIO']);
  });

  it('finds who lies in a bed', () => {
    expect(bedOccupant(state, { unit: 'CARDIO', room: '21', bed: 'B' })?.mrn).toBe('B');
    expect(bedOccupant(state, icu31)).toBeUndefined();
  });

  it('prunes patients who left before a time, and only those', () => {
    const pruned = pruneCensus(state, '2026-11-28T00:00:00Z');
    expect([...pruned.patients.keys()].sort()).toEqual(['A', 'B', 'C', 'E']);
    expect(pruneCensus(state, '2026-11-27T00:00:00Z')).toBe(state);
  });
});
