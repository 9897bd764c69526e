import { LifelineError } from '../../../kernel/errors.js';

/**
 * Timestamps in restic JSON are Go's time.Time marshalled as RFC 3339 with nanoseconds and the
 * local UTC offset ("2024-03-01T10:15:30.123456789+01:00", trailing zeros dropped). Times are kept
 * as bigint nanoseconds since the epoch so that the incremental comparison and the restored mtimes
 * keep full precision.
 */
const NS_PER_SEC = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatGoTime(ns: bigint): string {
  let sec = ns / NS_PER_SEC;
  let frac = ns % NS_PER_SEC;
  if (frac < 0n) {
    frac += NS_PER_SEC;
    sec -= 1n;
  }
  const ms = Number(sec) * 1000;
  const offsetMin = -new Date(ms).getTimezoneOffset();
  const local = new Date(ms + offsetMin * 60_000);
  let year = local.getUTCFullYear();
  // Go refuses to marshal years outside 0..9999; restic clamps them the same way before saving.
  if (year < 0) year = 0;
  if (year > 9999) year = 9999;
  const date = `${pad(year, 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}`;
  const time = `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`;
  const fraction = frac === 0n ? '' : `.${frac.toString().padStart(9, '0').replace(/0+$/, '')}`;
  let zone = 'Z';
  if (offsetMin !== 0) {
    const abs = Math.abs(offsetMin);
    zone = `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
  }
  return `${date}T${time}${fraction}${zone}`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

export function parseGoTime(text: string): bigint {
  const m = RFC3339.exec(text);
  if (!m) throw new LifelineError('VAULT_DATA_CORRUPT', 'A timestamp in the repository is malformed');
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  let offsetMin = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMin = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const fractionNs = frac ? BigInt(frac.padEnd(9, '0')) : 0n;
  return BigInt(date.getTime() - offsetMin * 60_000) * NS_PER_MS + fractionNs;
}

/**
 * Seconds as a double for fs.utimes, which is all Node offers. libuv truncates the double to whole
 * microseconds, and a double near 1.7e9 s is only good to ~0.24 µs, so the value aims at the middle
 * of the nearest microsecond: the restored time is then within 0.5 µs of the original.
 */
export function nsToUtimeSeconds(ns: bigint): number {
  const micros = (ns + 500n) / 1000n;
  const sec = micros / 1_000_000n;
  const rest = micros - sec * 1_000_000n;
  return Number(sec) + (Number(rest) + 0.5) / 1e6;
}

export function nowNs(): bigint {
  return BigInt(Date.now()) * NS_PER_MS;
}
