import { describe, expect, it } from 'vitest';
import { scheduledTimes, utcOffsetMinutes } from './schedule.js';

const NOW = Date.parse('2026-11-26T09:30:00Z');
const DAY = { from: NOW, to: NOW + 24 * 3_600_000 };
const iso = (times: number[]) => times.map((time) => new Date(time).toISOString());

describe('scheduledTimes', () => {
  it('counts a frequency over a period from the order start', () => {
    const timing = { repeat: { frequency: 3, period: 1, periodUnit: 'd' } };
    expect(iso(scheduledTimes(timing, '2026-11-25T08:00:00Z', DAY, 24))).toEqual([
      '2026-11-26T16:00:00.000Z',
      '2026-11-27T00:00:00.000Z',
      '2026-11-27T08:00:00.000Z',
    ]);
  });

  it('reads clock times in the UTC offset of the order start', () => {
    const timing = { repeat: { timeOfDay: ['08:00:00', '20:00:00'] } };
    expect(iso(scheduledTimes(timing, '2026-11-20T10:00:00+01:00', DAY, 24))).toEqual([
      '2026-11-26T19:00:00.000Z',
      '2026-11-27T07:00:00.000Z',
    ]);
    expect(iso(scheduledTimes({ repeat: { when: ['MORN'] } }, '2026-11-20', DAY, 24))).toEqual([
      '2026-11-27T08:00:00.000Z',
    ]);
  });

  it('respects bounds, count, day of week and the cap', () => {
    const every4h = { frequency: 1, period: 4, periodUnit: 'h' };
    const start = '2026-11-26T08:00:00Z';
    expect(
      iso(
        scheduledTimes(
          { repeat: { ...every4h, boundsPeriod: { start, end: '2026-11-26T20:00:00Z' } } },
          undefined,
          DAY,
          24,
        ),
      ),
    ).toEqual(['2026-11-26T12:00:00.000Z', '2026-11-26T16:00:00.000Z', '2026-11-26T20:00:00.000Z']);
    expect(iso(scheduledTimes({ repeat: { ...every4h, count: 3 } }, start, DAY, 24))).toEqual([
      '2026-11-26T12:00:00.000Z',
      '2026-11-26T16:00:00.000Z',
    ]);
    expect(
      iso(
        scheduledTimes({ repeat: { ...every4h, boundsDuration: { value: 6, code: 'h' } } }, start, DAY, 24),
      ),
    ).toEqual(['2026-11-26T12:00:00.000Z']);
    // 2026-11-26 is a Thursday.
    const twiceOnFridays = { timeOfDay: ['12:00:00', '08:00:00'], dayOfWeek: ['fri'] };
    expect(iso(scheduledTimes({ repeat: twiceOnFridays }, start, DAY, 24))).toEqual([
      '2026-11-27T08:00:00.000Z',
    ]);
    expect(
      scheduledTimes({ repeat: { frequency: 1, period: 1, periodUnit: 'h' } }, start, DAY, 5),
    ).toHaveLength(5);
  });

  it('yields nothing when the schedule has no phase, no repeat, or is continuous', () => {
    expect(
      scheduledTimes({ repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, undefined, DAY, 24),
    ).toEqual([]);
    expect(scheduledTimes({ code: { text: 'BID' } }, '2026-11-25T08:00:00Z', DAY, 24)).toEqual([]);
    expect(
      scheduledTimes({ repeat: { frequency: 1000, period: 1, periodUnit: 'min' } }, '2026-11-25', DAY, 24),
    ).toEqual([]);
    expect(
      scheduledTimes(
        { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        '2026-11-28T08:00:00Z',
        DAY,
        24,
      ),
    ).toEqual([]);
  });

  it('reads UTC offsets', () => {
    expect(utcOffsetMinutes('2026-11-26T08:00:00+05:30')).toBe(330);
    expect(utcOffsetMinutes('2026-11-26T08:00:00-04:00')).toBe(-240);
    expect(utcOffsetMinutes('2026-11-26T08:00:00Z')).toBe(0);
    expect(utcOffsetMinutes('2026-11-26')).toBe(0);
  });
});
