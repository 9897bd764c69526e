/**
 * The search benchmark's queries, drawn from the kit's own patients with a fixed stride so every run
 * asks the same: what staff type at a downtime desk — whole and partial names, name pairs, MRNs,
 * MRN prefixes, dates of birth the Belgian way, and unit-plus-bed.
 */
import type { KitPatient } from '../../src/modules/continuity/index.js';

export interface Query {
  kind: 'family' | 'family prefix' | 'given + family' | 'MRN' | 'MRN prefix' | 'birth date' | 'bed';
  text: string;
}

function pick<T>(list: readonly T[], count: number, offset: number): T[] {
  if (list.length === 0) return [];
  const stride = Math.max(1, Math.floor(list.length / count));
  return Array.from({ length: count }, (_, index) => list[(offset + index * stride) % list.length] as T);
}

function dayFirst(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

export function searchQueries(patients: readonly KitPatient[]): Query[] {
  const named = patients.filter((patient) => patient.family !== '' && patient.given !== '');
  const withMrn = patients.filter((patient) => patient.mrn !== null);
  const born = patients.filter((patient) => patient.birthDate !== null);
  const bedded = patients.filter((patient) => patient.location?.bed);
  return [
    ...pick(named, 10, 7).map((p) => ({ kind: 'family' as const, text: p.family })),
    ...pick(named, 8, 11).map((p) => ({ kind: 'family prefix' as const, text: p.family.slice(0, 3) })),
    ...pick(named, 6, 13).map((p) => ({
      kind: 'given + family' as const,
      text: `${p.given.slice(0, 3)} ${p.family.slice(0, 4)}`,
    })),
    ...pick(withMrn, 8, 17).map((p) => ({ kind: 'MRN' as const, text: p.mrn ?? '' })),
    // Type-ahead: the first six characters of an MRN.
    ...pick(withMrn, 4, 19).map((p) => ({ kind: 'MRN prefix' as const, text: (p.mrn ?? '').slice(0, 6) })),
    ...pick(born, 8, 23).map((p) => ({ kind: 'birth date' as const, text: dayFirst(p.birthDate ?? '') })),
    ...pick(bedded, 6, 29).map((p) => ({
      kind: 'bed' as const,
      text: `${p.location?.unit ?? ''} ${p.location?.bed ?? ''}`,
    })),
  ];
}
