import { ageAt, sexLetter } from '../clinical/age.js';
import { formatDate } from '../clinical/format.js';
import { messages as t } from '../messages.js';
import type { KitLocation } from '../../types.js';

/** "JANSSENS, Marie": the family name in capitals as on wristbands, so it cannot be read as a given name. */
export function displayName(person: { family: string; given: string }): string {
  const family = person.family.trim().toLocaleUpperCase(t.locale);
  const given = person.given.trim();
  return given === '' ? family || '?' : `${family || '?'}, ${given}`;
}

export function ageSex(person: { birthDate: string | null; gender: string | null }, now: Date): string {
  const age = ageAt(person.birthDate, now);
  return `${age === null ? '?' : t.age(age.value, age.unit)} ${sexLetter(person.gender)}`;
}

export function birthLabel(birthDate: string | null): string {
  return birthDate === null ? '' : formatDate(birthDate, t.locale);
}

export function locationLabel(location: KitLocation | null): string {
  if (location === null) return '';
  return [location.unit, location.room, location.bed]
    .filter((part) => part !== null && part !== '')
    .join(' / ');
}
