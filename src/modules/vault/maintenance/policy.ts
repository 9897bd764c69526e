import { type KeepDuration, formatKeepDuration, isZeroDuration } from './duration.js';
import { isoWeek, subtractDuration, wallClock, type WallClock } from './wall-clock.js';

/** Which snapshots `forget` keeps; counts of 0 (or absent) switch a rule off. */
export interface ExpirePolicy {
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  /** Keep everything newer than this span before the newest snapshot. */
  within?: KeepDuration;
  /** Keep snapshots carrying every tag of at least one list; `['']` means "has no tags". */
  tags?: string[][];
}

/** The fields the policy looks at. */
export interface PolicySnapshot {
  id: string;
  time: string;
  tags?: string[];
}

export interface KeepReason<T> {
  snapshot: T;
  /** e.g. "last snapshot", "daily snapshot", "within 30d", "has tags [nightly]" */
  matches: string[];
}

export interface PolicyResult<T> {
  /** Newest first, as restic lists them. */
  keep: T[];
  remove: T[];
  /** One entry per kept snapshot, in the order of `keep`. */
  reasons: KeepReason<T>[];
}

export function isEmptyPolicy(p: ExpirePolicy): boolean {
  const counts = [p.last, p.hourly, p.daily, p.weekly, p.monthly, p.yearly];
  return counts.every((n) => !n) && (!p.within || isZeroDuration(p.within)) && (p.tags ?? []).length === 0;
}

export function describePolicy(p: ExpirePolicy): string {
  const counts: [number | undefined, string][] = [
    [p.last, 'latest'],
    [p.hourly, 'hourly'],
    [p.daily, 'daily'],
    [p.weekly, 'weekly'],
    [p.monthly, 'monthly'],
    [p.yearly, 'yearly'],
  ];
  const parts: string[] = [];
  const kept = counts.filter(([n]) => n && n > 0).map(([n, what]) => `${n} ${what}`);
  if (kept.length > 0) parts.push(`${kept.join(', ')} snapshots`);
  if (p.tags?.length) parts.push(`all snapshots with tags ${p.tags.map(tagList).join(' ')}`);
  if (p.within && !isZeroDuration(p.within))
    parts.push(`all snapshots within ${formatKeepDuration(p.within)} of the newest`);
  return `keep ${parts.join(' and ')}`;
}

const tagList = (tags: string[]): string => `[${tags.join(', ')}]`;

type Bucketer = (t: WallClock, nr: number) => number;
const BUCKETS: [keyof ExpirePolicy, Bucketer, string][] = [
  ['last', (_t, nr) => nr, 'last snapshot'],
  ['hourly', (t) => t.year * 1_000_000 + t.month * 10_000 + t.day * 100 + t.hour, 'hourly snapshot'],
  ['daily', (t) => t.year * 10_000 + t.month * 100 + t.day, 'daily snapshot'],
  ['weekly', (t) => ((w) => w.year * 100 + w.week)(isoWeek(t.year, t.month, t.day)), 'weekly snapshot'],
  ['monthly', (t) => t.year * 100 + t.month, 'monthly snapshot'],
  ['yearly', (t) => t.year, 'yearly snapshot'],
];

function hasTags(snapshot: PolicySnapshot, list: string[]): boolean {
  const tags = snapshot.tags ?? [];
  for (const tag of list) {
    if (tag === '' && tags.length === 0) return true;
    if (!tags.includes(tag)) return false;
  }
  return true;
}

/**
 * restic's expiry rules for one group of snapshots. Walking from the newest, each count rule keeps the
 * first snapshot of every new bucket (hour, day, ISO week, …) until its count is used up; tag and
 * within rules keep without counting. The window is measured from the newest snapshot that is not in
 * the future, so a clock set wrong on one run cannot expire everything.
 */
export function applyPolicy<T extends PolicySnapshot>(
  snapshots: readonly T[],
  policy: ExpirePolicy,
  now: Date = new Date(),
): PolicyResult<T> {
  const clocks = new Map(snapshots.map((s) => [s, wallClock(s.time)]));
  const clockOf = (s: T) => clocks.get(s) as WallClock;
  const list = [...snapshots].sort((a, b) => {
    const d = clockOf(b).ns - clockOf(a).ns;
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  });
  if (isEmptyPolicy(policy)) {
    return {
      keep: list,
      remove: [],
      reasons: list.map((s) => ({ snapshot: s, matches: ['policy is empty'] })),
    };
  }
  const nowNs = BigInt(now.getTime()) * 1_000_000n;
  let latest: WallClock | undefined;
  for (const s of list) {
    const c = clockOf(s);
    if (c.ns < nowNs && (!latest || c.ns > latest.ns)) latest = c;
  }
  const within = policy.within && !isZeroDuration(policy.within) ? policy.within : undefined;
  const windowStart = within && latest ? subtractDuration(latest, within) : undefined;

  const counts = BUCKETS.map(([rule]) => (policy[rule] as number | undefined) ?? 0);
  const lastValue = BUCKETS.map(() => -1);
  const out: PolicyResult<T> = { keep: [], remove: [], reasons: [] };
  list.forEach((snapshot, nr) => {
    const matches: string[] = [];
    for (const tags of policy.tags ?? [])
      if (hasTags(snapshot, tags)) matches.push(`has tags ${tagList(tags)}`);
    // With no snapshot in the past there is nothing to measure from: every snapshot counts as recent.
    if (within && (windowStart === undefined || clockOf(snapshot).ns > windowStart))
      matches.push(`within ${formatKeepDuration(within)}`);
    BUCKETS.forEach(([, bucketOf, reason], i) => {
      if ((counts[i] as number) <= 0) return;
      const value = bucketOf(clockOf(snapshot), nr);
      if (value === lastValue[i]) return;
      lastValue[i] = value;
      counts[i] = (counts[i] as number) - 1;
      matches.push(reason);
    });
    if (matches.length > 0) {
      out.keep.push(snapshot);
      out.reasons.push({ snapshot, matches });
    } else out.remove.push(snapshot);
  });
  return out;
}
