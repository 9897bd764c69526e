import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PatientIndex, type SearchablePatient } from './patient-index.js';

const now = new Date('2026-11-26T08:00:00Z');

function patient(
  family: string,
  given: string,
  mrn: string | null,
  birthDate: string | null,
  bed: string | null = null,
): SearchablePatient {
  return { family, given, mrn, birthDate, location: bed === null ? null : { unit: 'ICU', room: '3', bed } };
}

const people = [
  patient('Müller', 'Anaïs', 'MRN-000123', '1980-03-14', '12'),
  patient('Mulder', 'Fox', 'MRN-000124', '1961-10-13', '14'),
  patient('Van den Berg', 'Jan Pieter', 'MRN-000777', '1980-03-14'),
  patient("O'Brien", 'Siobhán', 'X99', '2001-01-02'),
  patient('Janssens', 'Marie', null, null),
  patient('Claes', 'Lotte', 'MRN-000014', null),
];

describe('PatientIndex', () => {
  const index = new PatientIndex(people);
  const names = (query: string) => index.search(query, { now }).patients.map((p) => p.family);

  it('finds names by partial words regardless of accents and case', () => {
    expect(names('mul')).toEqual(['Mulder', 'Müller']);
    expect(names('MULLER')).toEqual(['Müller']);
    expect(names('anais mul')).toEqual(['Müller']);
    expect(names('berg jan')).toEqual(['Van den Berg']);
    expect(names('vandenb')).toEqual(['Van den Berg']);
    expect(names('obrien')).toEqual(["O'Brien"]);
    expect(names('jan')).toEqual(['Janssens', 'Van den Berg']);
    expect(names('zzz')).toEqual([]);
    expect(names('   ')).toEqual([]);
  });

  it('finds an MRN exactly, without punctuation or leading zeros, and by prefix', () => {
    expect(names('MRN-000123')).toEqual(['Müller']);
    expect(names('mrn000123')).toEqual(['Müller']);
    expect(names('123')).toEqual(['Müller']);
    expect(names('x99')).toEqual(["O'Brien"]);
    expect(names('MRN-0001')).toEqual(['Müller', 'Mulder']);
  });

  it('finds a date of birth typed in several formats, alone or with a name', () => {
    expect(names('1980-03-14')).toEqual(['Müller', 'Van den Berg']);
    expect(names('14/03/1980')).toEqual(['Müller', 'Van den Berg']);
    expect(names('14.03.80')).toEqual(['Müller', 'Van den Berg']);
    expect(names('berg 14/03/1980')).toEqual(['Van den Berg']);
    expect(names('mulder 14/03/1980')).toEqual([]);
  });

  it('finds a bed, alone or with its unit', () => {
    expect(names('14')).toEqual(['Claes', 'Mulder']);
    expect(names('ICU 14')).toEqual(['Mulder']);
    expect(names('ICU 12')).toEqual(['Müller']);
    expect(names('icu-3-12')).toEqual(['Müller']);
  });

  it('puts an exact MRN before name matches and reports the total beyond the limit', () => {
    const crowd = [
      ...Array.from({ length: 30 }, (_, i) => patient(`Smith${i}`, 'Anna', `S${i}`, null)),
      patient('Zimmer', 'Smith', 'smith', null),
    ];
    const result = new PatientIndex(crowd).search('smith', { now, limit: 5 });
    expect(result.patients.map((p) => p.family)).toEqual([
      'Zimmer',
      'Smith0',
      'Smith1',
      'Smith10',
      'Smith11',
    ]);
    expect(result.total).toBe(31);
  });

  const arbitraryPatient = fc.record({
    family: fc.string({ maxLength: 12 }),
    given: fc.string({ maxLength: 12 }),
    mrn: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    birthDate: fc.option(
      fc
        .date({ min: new Date('1900-01-01'), max: new Date('2026-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      { nil: null },
    ),
    location: fc.constant(null),
  });

  it('returns only indexed patients, each once, within the limit', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryPatient, { maxLength: 40 }),
        fc.string({ maxLength: 12 }),
        (list, query) => {
          const result = new PatientIndex(list).search(query, { now, limit: 10 });
          expect(result.patients.length).toBeLessThanOrEqual(10);
          expect(result.total).toBeGreaterThanOrEqual(result.patients.length);
          expect(new Set(result.patients).size).toBe(result.patients.length);
          for (const found of result.patients) expect(list).toContain(found);
        },
      ),
    );
  });

  it('always finds a patient by the exact MRN', () => {
    fc.assert(
      fc.property(fc.array(arbitraryPatient, { minLength: 1, maxLength: 40 }), fc.nat(), (list, pick) => {
        const target = list[pick % list.length]!;
        fc.pre(target.mrn !== null && target.mrn.trim() !== '');
        // Exact MRN matches come before any name match, so a limit covering every MRN holder suffices.
        const others = list.filter((p) => p !== target && p.mrn !== null && p.mrn.trim() !== '');
        const limit = others.length + 1;
        const result = new PatientIndex(list).search(target.mrn, { now, limit });
        expect(result.patients).toContain(target);
      }),
    );
  });

  it('always finds a patient by the start of the family name', () => {
    fc.assert(
      fc.property(fc.array(arbitraryPatient, { minLength: 1, maxLength: 40 }), fc.nat(), (list, pick) => {
        const target = list[pick % list.length]!;
        const word = target.family.trim().split(/\s+/)[0] ?? '';
        fc.pre(/^\p{L}{2,}$/u.test(word));
        const result = new PatientIndex(list).search(word.slice(0, 2), { now, limit: list.length });
        expect(result.patients).toContain(target);
      }),
    );
  });
});
