import { describe, expect, it } from 'vitest';
import type { KitAdministration } from '../../types.js';
import { wardPatients } from '../viewer.testkit.js';
import { ageAt, sexLetter } from './age.js';
import { allergyFlag, buildCensus } from './census.js';
import { formatDate, fromLocalInput, toLocalInput } from './format.js';
import { groupMar } from './mar.js';
import { stalenessAt } from './staleness.js';

const now = new Date('2026-11-26T08:00:00Z');

describe('ageAt', () => {
  it('gives years from two, months below, days in the first month', () => {
    expect(ageAt('1980-03-14', now)).toEqual({ unit: 'years', value: 46 });
    expect(ageAt('1980-11-27', now)).toEqual({ unit: 'years', value: 45 });
    expect(ageAt('1980-11-26', now)).toEqual({ unit: 'years', value: 46 });
    expect(ageAt('2025-05-30', now)).toEqual({ unit: 'months', value: 17 });
    expect(ageAt('2026-11-01', now)).toEqual({ unit: 'days', value: 25 });
    expect(ageAt('2026-11-26', now)).toEqual({ unit: 'days', value: 0 });
  });

  it('has no age for a missing, malformed or future birth date', () => {
    expect(ageAt(null, now)).toBeNull();
    expect(ageAt('14/03/1980', now)).toBeNull();
    expect(ageAt('2027-01-01', now)).toBeNull();
  });

  it('writes sex as one letter', () => {
    expect([
      sexLetter('female'),
      sexLetter('male'),
      sexLetter('other'),
      sexLetter('unknown'),
      sexLetter(null),
    ]).toEqual(['F', 'M', 'X', '?', '?']);
  });
});

describe('stalenessAt', () => {
  it('counts whole minutes and turns stale after 30', () => {
    expect(stalenessAt('2026-11-26T07:30:00Z', now)).toEqual({ minutes: 30, stale: false });
    expect(stalenessAt('2026-11-26T07:29:00Z', now)).toEqual({ minutes: 31, stale: true });
    expect(stalenessAt('2026-11-26T07:59:31Z', now)).toEqual({ minutes: 0, stale: false });
  });

  it('never shows a negative age and treats an unreadable time as stale', () => {
    expect(stalenessAt('2026-11-26T08:05:00Z', now)).toEqual({ minutes: 0, stale: false });
    expect(stalenessAt('yesterday', now)).toEqual({ minutes: null, stale: true });
  });
});

describe('groupMar', () => {
  const line = (
    hours: number,
    status: KitAdministration['status'],
    orderId: string | null,
    text = 'Ceftriaxone',
  ): KitAdministration => ({
    orderId,
    medication: { text },
    dose: `${Math.abs(hours)} mg`,
    route: 'IV',
    status,
    at: new Date(now.getTime() + hours * 3_600_000).toISOString(),
    by: null,
  });

  it('groups by order and splits into given, due and upcoming around now', () => {
    const groups = groupMar(
      [
        line(4, 'planned', 'a'),
        line(-20, 'given', 'a'),
        line(-1, 'planned', 'a'),
        line(-8, 'not-given', 'a'),
        line(2, 'planned', 'b', 'Amikacin'),
      ],
      now,
    );
    expect(groups.map((group) => group.medication.text)).toEqual(['Amikacin', 'Ceftriaxone']);
    const ceftriaxone = groups[1]!;
    expect(ceftriaxone.past.map((entry) => entry.status)).toEqual(['given', 'not-given']);
    expect(ceftriaxone.due).toHaveLength(1);
    expect(ceftriaxone.upcoming).toHaveLength(1);
    expect(ceftriaxone.dose).toBe('4 mg');
  });

  it('leaves out lines outside 24 hours either side and unreadable times', () => {
    const groups = groupMar(
      [line(-25, 'given', 'a'), line(25, 'planned', 'a'), { ...line(1, 'planned', 'a'), at: 'soon' }],
      now,
    );
    expect(groups).toEqual([]);
  });

  it('groups lines without an order by medication', () => {
    const groups = groupMar(
      [
        line(-2, 'given', null, 'Morphine'),
        line(-1, 'given', null, 'Morphine'),
        line(-1, 'given', null, 'Paracetamol'),
      ],
      now,
    );
    expect(groups.map((group) => [group.medication.text, group.past.length])).toEqual([
      ['Morphine', 2],
      ['Paracetamol', 1],
    ]);
  });
});

describe('buildCensus', () => {
  it('lists beds in the kit order with empty beds, then beds the list does not name', () => {
    const patients = wardPatients(now);
    const census = buildCensus([{ name: 'ICU', beds: ['1', '2', '3'] }], patients, []);
    expect(census).toHaveLength(1);
    const rows = census[0]!.rows;
    expect(
      rows.map((row) => [row.bed, row.occupant?.kind === 'kit' ? row.occupant.patient.id : null]),
    ).toEqual([
      ['1', '1'],
      ['2', '2'],
      ['3', null],
      ['4', '3'],
    ]);
    expect(census[0]).toMatchObject({ beds: 3, occupied: 3 });
  });

  it('places downtime admissions and adds units only they or patients name', () => {
    const admission = {
      kind: 'admission' as const,
      id: 'u1',
      recordedAt: now.toISOString(),
      by: 'AB',
      exportedIn: null,
      patientUuid: 'u1',
      encounterUuid: 'u2',
      downtimeId: 'DT-1',
      family: 'Nieuw',
      given: '',
      birthDate: null,
      gender: null,
      location: { unit: 'ER', room: null, bed: '7' },
      at: now.toISOString(),
    };
    const census = buildCensus([{ name: 'ICU', beds: [] }], [], [admission]);
    expect(census.map((unit) => unit.unit)).toEqual(['ICU', 'ER']);
    expect(census[1]!.rows[0]!.occupant).toEqual({ kind: 'downtime', admission });
  });

  it('flags allergies: none recorded, present, high criticality', () => {
    const [first, second] = wardPatients(now);
    expect(allergyFlag(first!.allergies)).toBe('high');
    expect(allergyFlag(second!.allergies)).toBe('none');
    expect(allergyFlag([{ ...first!.allergies[0]!, criticality: 'low' }])).toBe('present');
  });
});

describe('format', () => {
  it('round-trips local input values and refuses impossible ones', () => {
    const local = new Date(2026, 10, 26, 9, 5);
    expect(toLocalInput(local)).toBe('2026-11-26T09:05');
    expect(fromLocalInput('2026-11-26T09:05')).toBe(local.toISOString());
    expect(fromLocalInput('2026-02-30T09:05')).toBeNull();
    expect(fromLocalInput('nonsense')).toBeNull();
  });

  it('shows a bare date without shifting it by the time zone', () => {
    expect(formatDate('1980-03-14', 'en-GB')).toBe('14 Mar 1980');
    expect(formatDate('not a date', 'en-GB')).toBe('not a date');
  });
});
