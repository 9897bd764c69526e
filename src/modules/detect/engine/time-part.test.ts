import { describe, expect, it } from 'vitest';
import { isoWeek, timePartOf } from './time-part.js';

describe('time parts', () => {
  it('reads ISO text as written, without converting the zone', () => {
    const value = '2024-02-29T23:59:30-05:00';
    expect(timePartOf(value, 'year')).toBe(2024);
    expect(timePartOf(value, 'month')).toBe(2);
    expect(timePartOf(value, 'day')).toBe(29);
    expect(timePartOf(value, 'hour')).toBe(23);
    expect(timePartOf(value, 'minute')).toBe(59);
  });

  it('reads Sysmon’s space-separated form and bare dates', () => {
    expect(timePartOf('2026-03-02 07:05:09.123', 'hour')).toBe(7);
    expect(timePartOf('2026-03-02', 'day')).toBe(2);
    expect(timePartOf('2026-03-02', 'hour')).toBeUndefined();
  });

  it('reads epoch seconds and milliseconds in UTC, and other dates through Date', () => {
    expect(timePartOf(0, 'year')).toBe(1970);
    expect(timePartOf(Date.UTC(2025, 6, 4, 12), 'month')).toBe(7);
    expect(timePartOf('1751630400', 'hour')).toBe(12);
    expect(timePartOf('Fri, 04 Jul 2025 12:00:00 GMT', 'day')).toBe(4);
  });

  it('gives nothing for values that are not times', () => {
    expect(timePartOf('yesterday-ish', 'hour')).toBeUndefined();
    expect(timePartOf('2024-13-01', 'month')).toBeUndefined();
    expect(timePartOf(null, 'hour')).toBeUndefined();
    expect(timePartOf(true, 'hour')).toBeUndefined();
  });

  it('numbers weeks the ISO way', () => {
    expect(isoWeek(2024, 12, 30)).toBe(1);
    expect(isoWeek(2021, 1, 3)).toBe(53);
    expect(isoWeek(2021, 1, 4)).toBe(1);
    expect(isoWeek(2026, 6, 15)).toBe(25);
  });
});
