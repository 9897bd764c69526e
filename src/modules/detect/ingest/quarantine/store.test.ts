import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../kernel/db/connect.js';
import { testEngines } from '../../../../kernel/db/testkit.js';
import type { QuarantineEntry } from './entry.js';
import { ingestMigrations } from './migrations.js';
import { QuarantineStore } from './store.js';
import { QuarantineWriter } from './writer.js';

const entry = (source: string, line: string, reason = 'invalid PRI'): QuarantineEntry => ({
  source,
  kind: 'syslog-udp',
  reason,
  receivedAt: '2026-01-13T08:00:00.000Z',
  line,
});

describe.each(testEngines())('quarantine store on $engine', ({ open }) => {
  let database: Database;
  let store: QuarantineStore;

  beforeAll(async () => {
    database = await open(ingestMigrations);
    store = new QuarantineStore(database);
  });
  afterAll(async () => {
    await database.close();
  });

  it('lists newest first, per source, with the total', async () => {
    await store.insert([entry('a', 'one'), entry('a', 'two'), entry('b', 'other')]);
    await store.insert([entry('a', 'three')]);
    const listed = await store.list({ source: 'a', limit: 2 });
    expect(listed.total).toBe(3);
    expect(listed.entries.map((e) => e.line)).toEqual(['three', 'two']);
    expect(listed.entries[0]).toMatchObject({
      source: 'a',
      kind: 'syslog-udp',
      reason: 'invalid PRI',
      receivedAt: '2026-01-13T08:00:00.000Z',
    });
    expect((await store.list({ limit: 50 })).total).toBe(4);
  });

  it('keeps at most 2 KiB of a line, whole characters only, and shows NUL instead of failing', async () => {
    await store.insert([entry('long', `${'é'.repeat(1500)}`), entry('long', 'a\0b')]);
    const [nul, long] = (await store.list({ source: 'long', limit: 5 })).entries;
    expect(nul?.line).toBe('a\uFFFDb');
    expect(Buffer.byteLength(long?.line ?? '')).toBe(2048);
    expect(long?.line).toBe('é'.repeat(1024));
  });

  it('trims a source to its newest lines and leaves other sources alone', async () => {
    await store.insert(Array.from({ length: 12 }, (_, i) => entry('noisy', `line ${i}`)));
    await store.insert([entry('calm', 'keep me')]);
    expect(await store.trim('noisy', 5)).toBe(7);
    expect(await store.trim('noisy', 5)).toBe(0);
    const kept = await store.list({ source: 'noisy', limit: 50 });
    expect(kept.entries.map((e) => e.line)).toEqual(['line 11', 'line 10', 'line 9', 'line 8', 'line 7']);
    expect((await store.list({ source: 'calm', limit: 5 })).total).toBe(1);
  });

  it('writes in the background through the writer and applies retention', async () => {
    const writer = new QuarantineWriter({ store, keepPerSource: 3, flushIntervalMs: 10 });
    writer.start();
    for (let i = 0; i < 10; i++) writer.add(entry('writer', `w${i}`));
    expect(writer.buffered).toBe(10);
    await writer.stop();
    const kept = await store.list({ source: 'writer', limit: 50 });
    expect(kept.entries.map((e) => e.line)).toEqual(['w9', 'w8', 'w7']);
  });
});
