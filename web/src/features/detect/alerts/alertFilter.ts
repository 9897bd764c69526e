import { ALERT_STATUSES, LEVELS, type AlertStatus, type Bucket, type Level } from '../types.js';

export const RANGES = ['24h', '7d', '30d', 'all', 'custom'] as const;
export type Range = (typeof RANGES)[number];

const DEFAULT_RANGE: Range = '7d';
const RANGE_HOURS: Readonly<Record<'24h' | '7d' | '30d', number>> = {
  '24h': 24,
  '7d': 7 * 24,
  '30d': 30 * 24,
};
const HOUR = 3_600_000;

/** What the alerts page shows, as kept in its URL so a view can be bookmarked and shared. */
export interface AlertFilter {
  status: AlertStatus | '';
  level: Level | '';
  rule: string;
  assignee: string;
  q: string;
  range: Range;
  /** Calendar days (YYYY-MM-DD) in the reader's time zone, used when range is custom. */
  from: string;
  to: string;
}

export const noAlertFilter: AlertFilter = {
  status: '',
  level: '',
  rule: '',
  assignee: '',
  q: '',
  range: DEFAULT_RANGE,
  from: '',
  to: '',
};

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | '' =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : '';

const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** Reads a filter from the query string; anything unrecognised falls back to "no filter". */
export function readAlertFilter(params: URLSearchParams): AlertFilter {
  const from = params.get('from');
  const to = params.get('to');
  return {
    status: oneOf(ALERT_STATUSES, params.get('status')),
    level: oneOf(LEVELS, params.get('level')),
    rule: params.get('rule')?.trim() ?? '',
    assignee: params.get('assignee')?.trim() ?? '',
    q: params.get('q')?.trim() ?? '',
    range: oneOf(RANGES, params.get('range')) || DEFAULT_RANGE,
    from: isDay(from) ? from : '',
    to: isDay(to) ? to : '',
  };
}

/** The query string for a filter, leaving out what equals the default so URLs stay short. */
export function alertSearch(filter: AlertFilter): URLSearchParams {
  const params = new URLSearchParams();
  const put = (key: string, value: string) => {
    if (value.trim()) params.set(key, value.trim());
  };
  put('status', filter.status);
  put('level', filter.level);
  put('rule', filter.rule);
  put('assignee', filter.assignee);
  put('q', filter.q);
  if (filter.range !== DEFAULT_RANGE) params.set('range', filter.range);
  if (filter.range === 'custom') {
    put('from', filter.from);
    put('to', filter.to);
  }
  return params;
}

export interface TimeWindow {
  from: string | undefined;
  to: string | undefined;
  bucket: Bucket;
}

function dayStart(day: string, end: boolean): Date | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The absolute window a filter means at `now`. Presets are open-ended, so an alert raised while the
 * page is open still shows; the start is cut to the minute so the same view reuses its cached answer.
 */
export function timeWindow(filter: AlertFilter, now: Date): TimeWindow {
  switch (filter.range) {
    case '24h':
    case '7d':
    case '30d': {
      const hours = RANGE_HOURS[filter.range];
      const start = Math.floor((now.getTime() - hours * HOUR) / 60_000) * 60_000;
      return { from: new Date(start).toISOString(), to: undefined, bucket: hours <= 7 * 24 ? 'hour' : 'day' };
    }
    case 'all':
      return { from: undefined, to: undefined, bucket: 'day' };
    case 'custom': {
      const from = dayStart(filter.from, false);
      const to = dayStart(filter.to, true);
      const span = (to ?? now).getTime() - (from?.getTime() ?? 0);
      return {
        from: from?.toISOString(),
        to: to?.toISOString(),
        bucket: span <= 7 * 24 * HOUR ? 'hour' : 'day',
      };
    }
  }
}
