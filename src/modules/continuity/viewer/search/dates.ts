/**
 * Reading a date of birth the way people type it. Belgian and French staff write day first
 * (14/03/1980), software and some colleagues write ISO (1980-03-14), a few write month first; when
 * a date can be read both ways, both readings are returned, day-first first.
 */

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const DAY_FIRST = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$/;
const EIGHT_DIGITS = /^\d{8}$/;

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || year < 1800) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A two-digit year belongs to the latest century that does not put it in the future. */
function fullYear(text: string, now: Date): number {
  const value = Number(text);
  if (text.length === 4) return value;
  const currentYear = now.getUTCFullYear();
  const century = Math.floor(currentYear / 100) * 100;
  return century + value > currentYear ? century - 100 + value : century + value;
}

function unique(dates: (string | null)[]): string[] {
  return [...new Set(dates.filter((date): date is string => date !== null))];
}

/** Every ISO date (YYYY-MM-DD) the text can mean; empty when it is not a date. */
export function parseDateQuery(text: string, now: Date): string[] {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const iso = ISO.exec(trimmed);
  if (iso) return unique([isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))]);

  const dayFirst = DAY_FIRST.exec(trimmed);
  if (dayFirst) {
    const first = Number(dayFirst[1]);
    const second = Number(dayFirst[2]);
    const year = fullYear(dayFirst[3] ?? '', now);
    return unique([isoDate(year, second, first), isoDate(year, first, second)]);
  }

  if (EIGHT_DIGITS.test(trimmed)) {
    const yearFirst = isoDate(
      Number(trimmed.slice(0, 4)),
      Number(trimmed.slice(4, 6)),
      Number(trimmed.slice(6)),
    );
    const dayFirstCompact = isoDate(
      Number(trimmed.slice(4)),
      Number(trimmed.slice(2, 4)),
      Number(trimmed.slice(0, 2)),
    );
    return unique([yearFirst, dayFirstCompact]);
  }
  return [];
}
