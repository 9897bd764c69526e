import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_STATUSES, LEVELS } from '../types.js';
import {
  alertSearch,
  noAlertFilter,
  RANGES,
  readAlertFilter,
  timeWindow,
  type AlertFilter,
} from './alertFilter.js';

const NOW = new Date('2026-03-12T14:37:21.123Z');

describe('alert filter in the address', () => {
  it('reads every field it writes', () => {
    const filter: AlertFilter = {
      status: 'acknowledged',
      level: 'critical',
      rule: 'c1e5a2f0-0000-4000-8000-000000000001',
      assignee: 'analyst.de.smet',
      q: 'vssadmin delete',
      range: 'custom',
      from: '2026-03-01',
      to: '2026-03-12',
    };
    expect(readAlertFilter(alertSearch(filter))).toEqual(filter);
  });

  it('leaves defaults out, so the plain list has a plain address', () => {
    expect(alertSearch(noAlertFilter).toString()).toBe('');
    expect(readAlertFilter(new URLSearchParams())).toEqual(noAlertFilter);
  });

  it('drops unknown values instead of sending them to the server', () => {
    const read = readAlertFilter(
      new URLSearchParams('status=pwned&level=severe&range=1y&from=yesterday&to=2026-13'),
    );
    expect(read).toEqual(noAlertFilter);
  });

  it('keeps custom dates only for a custom range', () => {
    const params = alertSearch({ ...noAlertFilter, range: '24h', from: '2026-03-01', to: '2026-03-02' });
    expect(params.toString()).toBe('range=24h');
  });

  it('never fails on any query string and always yields a valid filter', () => {
    fc.assert(
      fc.property(fc.string(), (query) => {
        const filter = readAlertFilter(new URLSearchParams(query));
        expect(['', ...ALERT_STATUSES]).toContain(filter.status);
        expect(['', ...LEVELS]).toContain(filter.level);
        expect(RANGES).toContain(filter.range);
        expect(filter.from === '' || /^\d{4}-\d{2}-\d{2}$/.test(filter.from)).toBe(true);
        // Writing and reading again changes nothing: the address is a stable form of the filter.
        const again = readAlertFilter(alertSearch(filter));
        expect(alertSearch(again).toString()).toBe(alertSearch(filter).toString());
      }),
    );
  });
});

describe('time window', () => {
  it('opens presets at the minute, with no end, in hours up to a week', () => {
    expect(timeWindow({ ...noAlertFilter, range: '24h' }, NOW)).toEqual({
      from: '2026-03-11T14:37:00.000Z',
      to: undefined,
      bucket: 'hour',
    });
    expect(timeWindow({ ...noAlertFilter, range: '7d' }, NOW).bucket).toBe('hour');
    expect(timeWindow({ ...noAlertFilter, range: '30d' }, NOW)).toMatchObject({
      from: '2026-02-10T14:37:00.000Z',
      bucket: 'day',
    });
  });

  it('has no bounds for all time', () => {
    expect(timeWindow({ ...noAlertFilter, range: 'all' }, NOW)).toEqual({
      from: undefined,
      to: undefined,
      bucket: 'day',
    });
  });

  it('turns custom days into the first and last instant of those days', () => {
    const window = timeWindow(
      { ...noAlertFilter, range: 'custom', from: '2026-03-01', to: '2026-03-02' },
      NOW,
    );
    expect(window.bucket).toBe('hour');
    expect(new Date(window.from ?? '').getDate()).toBe(1);
    expect(new Date(window.to ?? '').getHours()).toBe(23);
    const long = timeWindow({ ...noAlertFilter, range: 'custom', from: '2025-01-01', to: '' }, NOW);
    expect(long).toMatchObject({ to: undefined, bucket: 'day' });
  });
});
