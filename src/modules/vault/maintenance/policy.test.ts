import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKeepDuration } from './duration.js';
import { type ExpirePolicy, applyPolicy, describePolicy } from './policy.js';
import { isoWeek, wallClock } from './wall-clock.js';

interface Snap {
  id: string;
  time: string;
  tags?: string[];
}

const NOW = new Date('2031-01-01T00:00:00Z');

/** RFC 3339 with the given UTC offset, as restic writes snapshot times. */
function timeAt(ms: number, offsetMin = 0): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().replace('Z', '');
  if (offsetMin === 0) return `${local}Z`;
  const abs = Math.abs(offsetMin);
  const zone = `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${zone}`;
}

const snap = (id: string, iso: string, tags?: string[]): Snap => ({
  id,
  time: iso,
  ...(tags ? { tags } : {}),
});
const ids = (list: Snap[]) => list.map((s) => s.id);

const snapshotsArb = fc
  .uniqueArray(
    fc.record({
      ms: fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }),
      offset: fc.constantFrom(0, -300, 60, 330, 720),
      tags: fc.subarray(['nightly', 'manual', 'ward-7']),
    }),
    { minLength: 0, maxLength: 40, selector: (r) => r.ms },
  )
  .map((rows) => rows.map((r, i) => snap(`s${i}`, timeAt(r.ms, r.offset), r.tags)));

const count = fc.integer({ min: 0, max: 6 });
const policyArb: fc.Arbitrary<ExpirePolicy> = fc.record(
  {
    last: count,
    hourly: count,
    daily: count,
    weekly: count,
    monthly: count,
    yearly: count,
    within: fc.record({
      years: fc.integer({ min: 0, max: 2 }),
      months: fc.integer({ min: 0, max: 14 }),
      days: fc.integer({ min: 0, max: 40 }),
      hours: fc.integer({ min: 0, max: 50 }),
    }),
    tags: fc.array(fc.subarray(['nightly', 'manual', 'ward-7', '']), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

const instant = (s: Snap) => wallClock(s.time).ns;
const newestFirst = (list: Snap[]) => [...list].sort((a, b) => (instant(b) > instant(a) ? 1 : -1));

describe('applyPolicy', () => {
  it('splits every group into kept and removed, with no snapshot in both or neither', () => {
    fc.assert(
      fc.property(snapshotsArb, policyArb, (list, policy) => {
        const { keep, remove, reasons } = applyPolicy(list, policy, NOW);
        expect(new Set([...ids(keep), ...ids(remove)])).toEqual(new Set(ids(list)));
        expect(keep.length + remove.length).toBe(list.length);
        expect(reasons.map((r) => r.snapshot)).toEqual(keep);
        for (const r of reasons) expect(r.matches.length).toBeGreaterThan(0);
      }),
    );
  });

  it('keep-last n keeps exactly the n newest when it is the only rule', () => {
    fc.assert(
      fc.property(snapshotsArb, fc.integer({ min: 1, max: 10 }), (list, n) => {
        const { keep } = applyPolicy(list, { last: n }, NOW);
        expect(ids(keep)).toEqual(ids(newestFirst(list).slice(0, n)));
      }),
    );
  });

  it('keep-last n keeps the n newest whatever else the policy says', () => {
    fc.assert(
      fc.property(snapshotsArb, policyArb, fc.integer({ min: 1, max: 10 }), (list, policy, n) => {
        const kept = new Set(ids(applyPolicy(list, { ...policy, last: n }, NOW).keep));
        for (const s of newestFirst(list).slice(0, n)) expect(kept.has(s.id)).toBe(true);
      }),
    );
  });

  it('keeps every snapshot inside the keep-within window of the newest one', () => {
    fc.assert(
      fc.property(snapshotsArb, fc.integer({ min: 1, max: 400 }), (list, days) => {
        fc.pre(list.length > 0);
        const { keep, remove } = applyPolicy(list, { within: parseKeepDuration(`${days}d`) }, NOW);
        const newest = newestFirst(list)[0] as Snap;
        const windowNs = BigInt(days) * 86_400_000_000_000n;
        for (const s of list) {
          const inside = instant(newest) - instant(s) < windowNs;
          expect(ids(inside ? keep : remove)).toContain(s.id);
        }
      }),
    );
  });

  it('keeps the newest snapshot of each of the last n days, in the snapshot’s own time zone', () => {
    const list = [
      snap('mon-early', '2024-03-04T01:00:00+01:00'),
      snap('mon-late', '2024-03-04T23:30:00+01:00'),
      snap('tue', '2024-03-05T12:00:00+01:00'),
      // 22:00 on the 5th in New York is already the 6th in UTC: it still belongs to the 5th.
      snap('tue-ny', '2024-03-05T22:00:00-05:00'),
      snap('wed', '2024-03-06T09:00:00+01:00'),
    ];
    const { keep, remove, reasons } = applyPolicy(list, { daily: 2 }, NOW);
    expect(ids(keep)).toEqual(['wed', 'tue-ny']);
    expect(ids(remove)).toEqual(['tue', 'mon-late', 'mon-early']);
    expect(reasons[0]?.matches).toEqual(['daily snapshot']);
  });

  it('buckets weekly by ISO week, across a year boundary', () => {
    const list = [
      snap('w53-2020', '2021-01-03T10:00:00Z'), // Sunday: still ISO week 53 of 2020
      snap('w53-2020-early', '2020-12-28T10:00:00Z'),
      snap('w1-2021', '2021-01-04T10:00:00Z'),
    ];
    expect(ids(applyPolicy(list, { weekly: 5 }, NOW).keep)).toEqual(['w1-2021', 'w53-2020']);
    expect(isoWeek(2021, 1, 3)).toEqual({ year: 2020, week: 53 });
    expect(isoWeek(2024, 12, 30)).toEqual({ year: 2025, week: 1 });
    expect(isoWeek(2026, 6, 15)).toEqual({ year: 2026, week: 25 });
  });

  it('keeps by tag lists (all tags of one list), and "" for untagged snapshots', () => {
    const list = [
      snap('a', '2024-01-01T00:00:00Z', ['nightly', 'ward-7']),
      snap('b', '2024-01-02T00:00:00Z', ['nightly']),
      snap('c', '2024-01-03T00:00:00Z'),
    ];
    const { keep, reasons } = applyPolicy(list, { tags: [['nightly', 'ward-7']] }, NOW);
    expect(ids(keep)).toEqual(['a']);
    expect(reasons[0]?.matches).toEqual(['has tags [nightly, ward-7]']);
    expect(ids(applyPolicy(list, { tags: [['']] }, NOW).keep)).toEqual(['c']);
  });

  it('combines rules and names every reason, like restic', () => {
    const list = [
      snap('old', '2023-06-01T08:00:00Z'),
      snap('mid', '2024-02-01T08:00:00Z'),
      snap('new', '2024-02-01T09:00:00Z'),
    ];
    const policy: ExpirePolicy = { last: 1, monthly: 2, within: parseKeepDuration('2h') };
    const { reasons, remove } = applyPolicy(list, policy, NOW);
    expect(reasons.map((r) => [r.snapshot.id, r.matches])).toEqual([
      ['new', ['within 2h', 'last snapshot', 'monthly snapshot']],
      ['mid', ['within 2h']],
      ['old', ['monthly snapshot']],
    ]);
    expect(remove).toEqual([]);
    expect(describePolicy(policy)).toBe(
      'keep 1 latest, 2 monthly snapshots and all snapshots within 2h of the newest',
    );
  });

  it('measures the window from the newest snapshot not in the future', () => {
    const list = [snap('past', '2024-01-01T00:00:00Z'), snap('future', '2099-01-01T00:00:00Z')];
    const { keep } = applyPolicy(list, { within: parseKeepDuration('1d') }, NOW);
    expect(ids(keep)).toEqual(['future', 'past']);
  });

  it('subtracts months like Go: 1 month before 31 March is 2 (or 3) March', () => {
    const list = [
      snap('newest', '2023-03-31T12:00:00Z'),
      snap('inside', '2023-03-03T12:00:01Z'),
      snap('outside', '2023-03-03T12:00:00Z'),
    ];
    expect(ids(applyPolicy(list, { within: parseKeepDuration('1m') }, NOW).keep)).toEqual([
      'newest',
      'inside',
    ]);
  });

  it('keeps everything, naming why, when the policy is empty', () => {
    const list = [snap('a', '2024-01-01T00:00:00Z')];
    expect(applyPolicy(list, { last: 0 }, NOW).reasons).toEqual([
      { snapshot: list[0], matches: ['policy is empty'] },
    ]);
  });
});

describe('parseKeepDuration', () => {
  it('reads restic durations and refuses anything else', () => {
    expect(parseKeepDuration('2y5m7d3h')).toEqual({ years: 2, months: 5, days: 7, hours: 3 });
    expect(parseKeepDuration('30d')).toEqual({ years: 0, months: 0, days: 30, hours: 0 });
    for (const bad of ['3w', 'd3', '5', '1d 2h', '-1d', '1.5d'])
      expect(() => parseKeepDuration(bad)).toThrow(/invalid duration/);
  });

  it('never throws anything but a usage error on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseKeepDuration(text);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('CLI_USAGE');
        }
      }),
    );
  });
});
