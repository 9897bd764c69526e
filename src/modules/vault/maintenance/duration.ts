import { LifelineError } from '../../../kernel/errors.js';

/** A calendar span such as `2y5m7d3h`, as restic's --keep-within takes it. */
export interface KeepDuration {
  years: number;
  months: number;
  days: number;
  hours: number;
}

const UNITS = { y: 'years', m: 'months', d: 'days', h: 'hours' } as const;

/**
 * Parses `<number><unit>` pairs (y, m, d, h). A unit given twice keeps the last value, as restic
 * does; anything else is a usage error rather than a silently empty window.
 */
export function parseKeepDuration(text: string): KeepDuration {
  const out: KeepDuration = { years: 0, months: 0, days: 0, hours: 0 };
  const input = text.trim();
  const part = /(\d{1,9})([ymdh])/y;
  let pos = 0;
  while (pos < input.length) {
    part.lastIndex = pos;
    const match = part.exec(input);
    if (!match) {
      throw new LifelineError('CLI_USAGE', `invalid duration "${text}": use e.g. 30d, 2y5m7d3h`);
    }
    out[UNITS[match[2] as keyof typeof UNITS]] = Number(match[1]);
    pos = part.lastIndex;
  }
  return out;
}

export function isZeroDuration(d: KeepDuration): boolean {
  return d.years === 0 && d.months === 0 && d.days === 0 && d.hours === 0;
}

export function formatKeepDuration(d: KeepDuration): string {
  return (
    (d.years ? `${d.years}y` : '') +
    (d.months ? `${d.months}m` : '') +
    (d.days ? `${d.days}d` : '') +
    (d.hours ? `${d.hours}h` : '')
  );
}
