/**
 * A patient's age as a ward writes it: years from two years old, months below that, days in the
 * first month, because dosing for a neonate and a toddler differs.
 */
export type Age = { unit: 'years' | 'months' | 'days'; value: number };

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

export function ageAt(birthDate: string | null, now: Date): Age | null {
  const match = birthDate === null ? null : DATE.exec(birthDate);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const nowYear = now.getUTCFullYear();
  const nowMonth = now.getUTCMonth() + 1;
  const nowDay = now.getUTCDate();
  let months = (nowYear - year) * 12 + (nowMonth - month);
  if (nowDay < day) months -= 1;
  if (months < 0) return null;
  if (months >= 24) return { unit: 'years', value: Math.floor(months / 12) };
  if (months >= 1) return { unit: 'months', value: months };
  const days = Math.floor(
    (Date.UTC(nowYear, nowMonth - 1, nowDay) - Date.UTC(year, month - 1, day)) / 86_400_000,
  );
  return days < 0 ? null : { unit: 'days', value: days };
}

/** FHIR administrative gender as one letter; X for other, ? when unknown or absent. */
const SEX_LETTERS: Record<string, string> = { male: 'M', female: 'F', other: 'X' };

export function sexLetter(gender: string | null): string {
  return (gender === null ? undefined : SEX_LETTERS[gender]) ?? '?';
}
