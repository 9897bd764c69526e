import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '../../../kernel/crypto/random.js';
import type { Database } from '../../../kernel/db/connect.js';
import { testEngines } from '../../../kernel/db/testkit.js';
import type { SigmaLevel } from '../types.js';
import { FilterStore } from './filter-store.js';
import { listAlerts } from './list.js';
import { alertMigrations } from './migrations.js';
import { alertStats } from './stats.js';
import { AlertStore } from './store.js';
import type { Alert, AlertEvidence } from './types.js';

const evidence: AlertEvidence = {
  fields: { Computer: 'ws01', Count: 3, List: ['a', null], Nothing: null },
  raw: 'line with "quotes", a NUL \u0000 and ünïcödé',
  receivedAt: '2026-01-13T08:00:00.000Z',
  time: '2026-01-13T07:59:59.000Z',
};

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: randomId(),
    ruleId: 'rule-a',
    ruleTitle: 'Mimikatz Use',
    level: 'high',
    tags: ['attack.t1003'],
    attack: ['T1003'],
    status: 'new',
    assignee: null,
    closeReason: null,
    falsePositive: false,
    dedupKey: 'Computer=ws01',
    count: 1,
    firstSeen: '2026-01-13T08:00:00.000Z',
    lastSeen: '2026-01-13T08:00:00.000Z',
    source: { kind: 'http', name: 'http' },
    correlation: null,
    ...overrides,
  };
}

const note = (at: string) => ({ at, actor: 'system:detect', action: 'raised' as const });

describe.each(testEngines())('alert store on $engine', (engine) => {
  let database: Database;
  let store: AlertStore;

  beforeAll(async () => {
    database = await engine.open(alertMigrations);
    store = new AlertStore(database.db);
  });
  afterAll(async () => database.close());

  it('keeps an alert and its evidence exactly, raw line included', async () => {
    const stored = alert({ correlation: { type: 'value_count', group: { User: 'bob' }, value: 7 } });
    await store.insert(stored, evidence, note(stored.firstSeen));
    expect(await store.get(stored.id)).toEqual(stored);
    const detail = await store.detail(stored.id);
    expect(detail?.event).toEqual(evidence);
    expect(detail?.history).toEqual([{ at: stored.firstSeen, actor: 'system:detect', action: 'raised' }]);
    expect(await store.get('missing')).toBeUndefined();
  });

  it('finds the open alert of a rule and key only inside the window and while not closed', async () => {
    const open = alert({ ruleId: 'rule-dedup', lastSeen: '2026-01-13T09:00:00.000Z' });
    await store.insert(open, evidence, note(open.firstSeen));
    expect(await store.findOpen('rule-dedup', open.dedupKey, '2026-01-13T08:45:00.000Z')).toBe(open.id);
    expect(await store.findOpen('rule-dedup', open.dedupKey, '2026-01-13T09:00:00.001Z')).toBeUndefined();
    expect(await store.findOpen('rule-dedup', 'Computer=ws02', '2026-01-13T08:00:00.000Z')).toBeUndefined();
    await store.transition(open.id, ['new'], { status: 'closed' }, { ...note('x'), action: 'closed' });
    expect(await store.findOpen('rule-dedup', open.dedupKey, '2026-01-13T08:45:00.000Z')).toBeUndefined();
  });

  it('counts repeats, moves last-seen only forward and numbers history in order', async () => {
    const stored = alert({ ruleId: 'rule-repeat' });
    await store.insert(stored, evidence, note(stored.firstSeen));
    await store.repeat(stored.id, { ...note('2026-01-13T08:05:00.000Z'), action: 'repeated' });
    const late = await store.repeat(stored.id, { ...note('2026-01-13T08:03:00.000Z'), action: 'repeated' });
    expect(late).toMatchObject({ count: 3, lastSeen: '2026-01-13T08:05:00.000Z' });
    const actions = (await store.history(stored.id)).map((h) => h.action);
    expect(actions).toEqual(['raised', 'repeated', 'repeated']);
    expect(await store.repeat('missing', { ...note('x'), action: 'repeated' })).toBeUndefined();
  });

  it('applies a transition only from the allowed statuses', async () => {
    const stored = alert({ ruleId: 'rule-transition' });
    await store.insert(stored, evidence, note(stored.firstSeen));
    const closed = await store.transition(
      stored.id,
      ['new', 'acknowledged'],
      { status: 'closed', closeReason: 'benign admin task', falsePositive: true, assignee: 'analyst' },
      { at: '2026-01-13T08:10:00.000Z', actor: 'analyst', action: 'closed', detail: 'benign admin task' },
    );
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'benign admin task', falsePositive: true });
    const again = await store.transition(stored.id, ['new', 'acknowledged'], { status: 'closed' }, note('y'));
    expect(again).toBeUndefined();
    expect((await store.history(stored.id)).at(-1)).toEqual({
      at: '2026-01-13T08:10:00.000Z',
      actor: 'analyst',
      action: 'closed',
      detail: 'benign admin task',
    });
  });

  it('lists history with every triage step but only the latest repeats', async () => {
    const stored = alert({ ruleId: 'rule-noisy' });
    await store.insert(stored, evidence, note(stored.firstSeen));
    for (let i = 0; i < 60; i++)
      await store.repeat(stored.id, { ...note(stored.firstSeen), action: 'repeated' });
    await store.transition(
      stored.id,
      ['new'],
      { status: 'acknowledged' },
      { ...note('z'), action: 'acknowledged' },
    );
    const history = await store.history(stored.id);
    expect(history[0]?.action).toBe('raised');
    expect(history.at(-1)?.action).toBe('acknowledged');
    expect(history.filter((h) => h.action === 'repeated')).toHaveLength(50);
    expect((await store.get(stored.id))?.count).toBe(61);
  });
});

describe.each(testEngines())('alert list and stats on $engine', (engine) => {
  let database: Database;
  const levels: SigmaLevel[] = ['low', 'medium', 'high', 'critical'];

  beforeAll(async () => {
    database = await engine.open(alertMigrations);
    const store = new AlertStore(database.db);
    for (let i = 0; i < 12; i++) {
      const at = new Date(Date.UTC(2026, 0, 13, 8 + Math.floor(i / 4), i)).toISOString();
      await store.insert(
        alert({
          ruleId: i % 2 === 0 ? 'rule-even' : 'rule-odd',
          ruleTitle: i === 5 ? 'Shadow Copy 100%_Deletion' : 'Mimikatz Use',
          level: levels[i % 4] as SigmaLevel,
          status: i < 3 ? 'closed' : 'new',
          assignee: i === 7 ? 'analyst' : null,
          dedupKey: `Computer=ws${i}`,
          firstSeen: at,
          lastSeen: at,
          source: { kind: 'http', name: i === 11 ? 'fw-edge' : 'http' },
        }),
        evidence,
        note(at),
      );
    }
  });
  afterAll(async () => database.close());

  it('pages newest first with a cursor and no duplicates or gaps', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await listAlerts(database.db, { limit: 5, before });
      seen.push(...page.alerts.map((a) => a.dedupKey));
      if (!page.nextCursor) break;
      before = page.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `Computer=ws${11 - i}`));
  });

  it('filters by status, level, rule, assignee and time', async () => {
    const keys = async (query: Parameters<typeof listAlerts>[1]) =>
      (await listAlerts(database.db, query)).alerts.map((a) => a.dedupKey);
    expect(await keys({ status: 'closed' })).toEqual(['Computer=ws2', 'Computer=ws1', 'Computer=ws0']);
    expect(await keys({ level: 'critical', ruleId: 'rule-odd' })).toEqual([
      'Computer=ws11',
      'Computer=ws7',
      'Computer=ws3',
    ]);
    expect(await keys({ assignee: 'analyst' })).toEqual(['Computer=ws7']);
    expect(await keys({ from: '2026-01-13T09:00:00.000Z', to: '2026-01-13T10:00:00.000Z' })).toHaveLength(4);
  });

  it('searches text case-insensitively with wildcards taken literally', async () => {
    const keys = async (q: string) => (await listAlerts(database.db, { q })).alerts.map((a) => a.dedupKey);
    expect(await keys('shadow COPY')).toEqual(['Computer=ws5']);
    expect(await keys('100%_d')).toEqual(['Computer=ws5']);
    expect(await keys('%')).toEqual(['Computer=ws5']);
    expect(await keys('FW-EDGE')).toEqual(['Computer=ws11']);
    expect(await keys('computer=ws1')).toEqual(['Computer=ws11', 'Computer=ws10', 'Computer=ws1']);
  });

  it('counts per hour with empty buckets filled and totals by level and status', async () => {
    const stats = await alertStats(database.db, {
      from: '2026-01-13T07:30:00.000Z',
      to: '2026-01-13T12:00:00.000Z',
      bucket: 'hour',
    });
    expect(stats.buckets.map((b) => [b.start, b.total])).toEqual([
      ['2026-01-13T07:00:00.000Z', 0],
      ['2026-01-13T08:00:00.000Z', 4],
      ['2026-01-13T09:00:00.000Z', 4],
      ['2026-01-13T10:00:00.000Z', 4],
      ['2026-01-13T11:00:00.000Z', 0],
    ]);
    expect(stats.buckets[1]?.byLevel).toEqual({ informational: 0, low: 1, medium: 1, high: 1, critical: 1 });
    expect(stats.byLevel).toEqual({ informational: 0, low: 3, medium: 3, high: 3, critical: 3 });
    expect(stats.byStatus).toEqual({ new: 9, acknowledged: 0, closed: 3 });
  });

  it('counts per day and refuses ranges that are empty or too long', async () => {
    const stats = await alertStats(database.db, {
      from: '2026-01-12T00:00:00.000Z',
      to: '2026-01-14T00:00:00.000Z',
      bucket: 'day',
    });
    expect(stats.buckets.map((b) => [b.start, b.total])).toEqual([
      ['2026-01-12T00:00:00.000Z', 0],
      ['2026-01-13T00:00:00.000Z', 12],
    ]);
    const range = (from: string, to: string) => alertStats(database.db, { from, to, bucket: 'hour' });
    await expect(range('2026-01-13T08:00:00.000Z', '2026-01-13T08:00:00.000Z')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(range('2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'bucket' },
    });
  });
});

describe.each(testEngines())('filter store on $engine', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await engine.open(alertMigrations);
  });
  afterAll(async () => database.close());

  it('stores, lists, finds by alert and removes filters once', async () => {
    const filters = new FilterStore(database.db);
    const filter = {
      id: randomId(),
      ruleId: 'rule-a',
      fields: { Image: 'C:\\Tools\\backup.exe', ParentImage: 'C:\\Windows\\explorer.exe' },
      reason: 'nightly backup tool',
      createdBy: 'analyst',
      createdAt: '2026-01-13T08:00:00.000Z',
      alertId: 'alert-1',
    };
    await filters.insert(filter);
    expect(await filters.list()).toEqual([filter]);
    expect(await filters.ofAlert('alert-1')).toEqual([filter]);
    expect(await filters.exclusions()).toEqual([{ ruleId: 'rule-a', fields: filter.fields }]);
    expect(await filters.remove(filter.id)).toBe(true);
    expect(await filters.remove(filter.id)).toBe(false);
    expect(await filters.get(filter.id)).toBeUndefined();
  });
});
