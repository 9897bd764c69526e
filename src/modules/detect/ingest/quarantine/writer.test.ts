import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { type QuarantineEntry, truncateUtf8 } from './entry.js';
import { QUARANTINE_LOST_METRIC, QuarantineWriter } from './writer.js';

const entry = (line: string): QuarantineEntry => ({
  source: 's',
  kind: 'http',
  reason: 'not JSON',
  receivedAt: '2026-01-13T08:00:00.000Z',
  line,
});

class FlakyStore {
  rows: QuarantineEntry[] = [];
  failing = true;
  async insert(entries: readonly QuarantineEntry[]) {
    if (this.failing) throw new Error('database away');
    this.rows.push(...entries);
  }
  async trim() {
    return 0;
  }
}

describe('QuarantineWriter', () => {
  it('keeps lines while the database is away and writes them, in order, once it is back', async () => {
    const store = new FlakyStore();
    const writer = new QuarantineWriter({ store, keepPerSource: 100, flushAt: 1000 });
    writer.add(entry('a'));
    writer.add(entry('b'));
    await writer.flush();
    expect(writer.buffered).toBe(2);
    writer.add(entry('c'));
    store.failing = false;
    await writer.flush();
    expect(store.rows.map((r) => r.line)).toEqual(['a', 'b', 'c']);
    expect(writer.buffered).toBe(0);
  });

  it('counts the oldest lines it has to let go of when its buffer is full', async () => {
    const registry = new Registry();
    const store = new FlakyStore();
    const writer = new QuarantineWriter({
      store,
      keepPerSource: 100,
      maxBuffered: 3,
      flushAt: 1000,
      registry,
    });
    for (const line of ['1', '2', '3', '4', '5']) writer.add(entry(line));
    expect(writer.lostCount).toBe(2);
    store.failing = false;
    await writer.flush();
    expect(store.rows.map((r) => r.line)).toEqual(['3', '4', '5']);
    expect(await registry.getSingleMetricAsString(QUARANTINE_LOST_METRIC)).toContain(
      `${QUARANTINE_LOST_METRIC} 2`,
    );
  });

  it('truncates lines as they arrive, so the buffer holds no more than 2 KiB a line', async () => {
    const store = new FlakyStore();
    store.failing = false;
    const writer = new QuarantineWriter({ store, keepPerSource: 100 });
    writer.add(entry('x'.repeat(10_000)));
    await writer.flush();
    expect(store.rows[0]?.line).toHaveLength(2048);
  });
});

describe('truncateUtf8', () => {
  it('never splits a character', () => {
    expect(truncateUtf8('a😀b', 3)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
    expect(truncateUtf8('ééé', 5)).toBe('éé');
    expect(truncateUtf8('short', 2048)).toBe('short');
  });
});
