import { randomInt } from 'node:crypto';

/**
 * Invented staff names for decoy documents. A hospital's staff come from everywhere, so the lists
 * do too; first and last names are drawn independently, so no real person is described.
 */
const GIVEN = [
  'Anouk',
  'Bram',
  'Charlotte',
  'Dries',
  'Elif',
  'Fatima',
  'Gert',
  'Hanne',
  'Ines',
  'Jasper',
  'Karim',
  'Lotte',
  'Mehmet',
  'Nora',
  'Olivier',
  'Pieter',
  'Quentin',
  'Rania',
  'Sofie',
  'Tomasz',
  'Ulla',
  'Véronique',
  'Wouter',
  'Yasmina',
  'Zeynep',
  'Aisha',
  'Benoît',
  'Claire',
  'Daan',
  'Emma',
  'Femke',
  'Hamza',
  'Jana',
  'Kwame',
  'Laura',
  'Marta',
  'Niels',
  'Priya',
  'Rik',
  'Saar',
  'Thibault',
  'Vincent',
  'Wim',
  'Youssef',
];
const FAMILY = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
  'Dubois',
  'Lambert',
  'Dupont',
  'El Amrani',
  'Yilmaz',
  'Kowalski',
  'Nowak',
  'Van den Broeck',
  'Vermeulen',
  'Hermans',
  'Aerts',
  'Michiels',
  'Desmet',
  'Bakker',
  'Mensah',
  'Okafor',
  'Rossi',
  'Fernandes',
  'Haddad',
  'Lemaire',
  'Verhoeven',
  'Nguyen',
  'Öztürk',
  'Schmidt',
  'Laurent',
  'Van Damme',
  'Cools',
  'Benali',
];

export function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)] as T;
}

export function between(low: number, high: number): number {
  return low + randomInt(high - low + 1);
}

export function personName(): string {
  return `${pick(GIVEN)} ${pick(FAMILY)}`;
}

/** `count` different names, so a roster does not list the same nurse twice. */
export function people(count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(personName());
  return [...names];
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .toUpperCase();
}

/**
 * A moment a person might have saved a file: a weekday in office hours, `minDays`..`maxDays`
 * before `now`, so decoys do not all share one suspicious timestamp.
 */
export function pastWorkingMoment(now: Date, minDays: number, maxDays: number): Date {
  const moment = new Date(now.getTime() - between(minDays, maxDays) * 86_400_000);
  while (moment.getDay() === 0 || moment.getDay() === 6) moment.setDate(moment.getDate() - 1);
  moment.setHours(between(8, 17), between(0, 59), between(0, 59), 0);
  return moment.getTime() < now.getTime() ? moment : new Date(now.getTime() - 86_400_000);
}
