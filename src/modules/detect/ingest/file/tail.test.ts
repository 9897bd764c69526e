import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainDecoder } from '../decoders.testkit.js';
import { type TestHub, createTestHub } from '../hub.testkit.js';
import { OffsetStore } from './offsets.js';
import { FileTail, type FileTailOptions } from './tail.js';

let dir: string;
let log: string;
let offsetsPath: string;
let test: TestHub;
const tails: FileTail[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-tail-'));
  log = join(dir, 'app.log');
  offsetsPath = join(dir, 'state', 'offsets.json');
});
afterEach(async () => {
  for (const tail of tails.splice(0)) await tail.stop();
  await test.close();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i}`).join('\n') + '\n';

async function tailOf(options: Partial<FileTailOptions> = {}, offsets?: OffsetStore) {
  const store = offsets ?? (await OffsetStore.open(offsetsPath, { saveDelayMs: 0 }));
  const tail = new FileTail({
    name: 'app-log',
    path: log,
    hub: test.hub,
    offsets: store,
    decode: plainDecoder,
    pollIntervalMs: 3_600_000,
    ...options,
  });
  tails.push(tail);
  await tail.start();
  await tail.poll();
  return { tail, offsets: store };
}

const messages = () => test.events.map((e) => e.fields.message);
const settle = () => test.until(() => test.hub.depth === 0, 'the queue to drain');

describe('file tail', () => {
  it('starts at the end, then reads what is appended, holding a partial line until it is complete', async () => {
    test = createTestHub();
    test.consume();
    writeFileSync(log, 'old 1\nold 2\n');
    const { tail } = await tailOf();
    appendFileSync(log, 'new 1\nnew 2 is par');
    await tail.poll();
    await settle();
    expect(messages()).toEqual(['new 1']);
    appendFileSync(log, 'tial\r\n\n');
    await tail.poll();
    await settle();
    expect(messages()).toEqual(['new 1', 'new 2 is partial']);
    expect(test.events[0]?.source).toEqual({ kind: 'file', name: 'app-log', address: log });
  });

  it('starts at the beginning when asked', async () => {
    test = createTestHub();
    test.consume();
    writeFileSync(log, lines(0, 3));
    await tailOf({ startAt: 'beginning' });
    await settle();
    expect(messages()).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('follows rename-and-create rotation without losing or repeating a line', async () => {
    test = createTestHub();
    test.consume();
    writeFileSync(log, lines(0, 3));
    const { tail } = await tailOf({ startAt: 'beginning' });
    appendFileSync(log, lines(3, 5)); // written before rotation, not yet read
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(5, 8));
    appendFileSync(`${log}.1`, 'line late-in-old'); // a last unterminated line in the old file
    await tail.poll();
    appendFileSync(log, lines(8, 9));
    await tail.poll();
    await settle();
    expect(messages()).toEqual([
      ...Array.from({ length: 5 }, (_, i) => `line ${i}`),
      'line late-in-old',
      ...Array.from({ length: 4 }, (_, i) => `line ${5 + i}`),
    ]);
  });

  it('follows copytruncate rotation without losing or repeating a line', async () => {
    test = createTestHub();
    test.consume();
    writeFileSync(log, lines(0, 4));
    const { tail } = await tailOf({ startAt: 'beginning' });
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendFileSync(log, lines(4, 6));
    await tail.poll();
    await settle();
    expect(messages()).toEqual(Array.from({ length: 6 }, (_, i) => `line ${i}`));
  });

  it('waits for a missing file and reads it whole once it appears', async () => {
    test = createTestHub();
    test.consume();
    const { tail } = await tailOf({ startAt: 'end' });
    writeFileSync(log, lines(0, 2));
    await tail.poll();
    await settle();
    expect(messages()).toEqual(['line 0', 'line 1']);
  });

  it('counts an overlong line and reads on after it', async () => {
    test = createTestHub();
    test.consume();
    writeFileSync(log, `short\n${'x'.repeat(300)}\nafter\n`);
    await tailOf({ startAt: 'beginning', maxLineBytes: 100, readChunkBytes: 64 });
    await settle();
    expect(messages()).toEqual(['short', 'after']);
    expect(test.quarantined.map((q) => q.reason)).toEqual(['line too long']);
  });

  it('stops reading while the hub is full and delivers everything once it drains', async () => {
    test = createTestHub({ capacity: 50 });
    writeFileSync(log, lines(0, 2000));
    const tail = new FileTail({
      name: 'app-log',
      path: log,
      hub: test.hub,
      offsets: await OffsetStore.open(offsetsPath, { saveDelayMs: 0 }),
      decode: plainDecoder,
      startAt: 'beginning',
      readChunkBytes: 256,
      pollIntervalMs: 3_600_000,
    });
    tails.push(tail);
    await tail.start();
    const reading = tail.poll(); // runs after the first pass, which waits for room
    await test.until(() => test.hub.isFull(), 'the hub to fill');
    expect(test.hub.depth).toBeLessThan(50 + 256 / 6);
    test.consume();
    await reading;
    await settle();
    expect(messages()).toEqual(Array.from({ length: 2000 }, (_, i) => `line ${i}`));
  });
});

describe('file tail offsets', () => {
  it('resumes after a restart where processing stopped', async () => {
    test = createTestHub();
    test.consume();
    writeFileSync(log, lines(0, 3));
    const first = await tailOf({ startAt: 'beginning' });
    await settle();
    await first.tail.stop();
    await first.offsets.close();
    appendFileSync(log, lines(3, 5));
    const second = await tailOf({ startAt: 'beginning' });
    await settle();
    expect(messages()).toEqual(Array.from({ length: 5 }, (_, i) => `line ${i}`));
    await second.tail.stop();
    await second.offsets.close();
    const saved = JSON.parse(await readFile(offsetsPath, 'utf8')) as {
      files: Record<string, { offset: number }>;
    };
    expect(saved.files[log]?.offset).toBe(lines(0, 5).length);
  });

  it('reads again, after a crash, lines that were queued but not processed', async () => {
    const crashed = createTestHub();
    test = crashed;
    test.consume();
    writeFileSync(log, lines(0, 3));
    const first = await tailOf({ startAt: 'beginning' });
    await settle();
    await crashed.close(); // the consumer stops and the process dies with lines in its queue
    appendFileSync(log, lines(3, 5));
    await first.tail.poll();
    await first.tail.stop();
    await first.offsets.close();

    test = createTestHub();
    test.consume();
    await tailOf({ startAt: 'end' });
    await settle();
    expect(messages()).toEqual(['line 3', 'line 4']);
  });

  it('reads a file rotated while stopped from its beginning', async () => {
    test = createTestHub();
    test.consume();
    writeFileSync(log, lines(0, 2));
    const first = await tailOf({ startAt: 'beginning' });
    await settle();
    await first.tail.stop();
    await first.offsets.close();
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(2, 4));
    await tailOf({ startAt: 'end' });
    await settle();
    expect(messages()).toEqual(Array.from({ length: 4 }, (_, i) => `line ${i}`));
  });

  it('starts afresh from a damaged offsets file', async () => {
    test = createTestHub();
    test.consume();
    mkdirSync(join(dir, 'state'));
    writeFileSync(offsetsPath, '{"files": {"/x": {"offset": -1}}, broken');
    writeFileSync(log, lines(0, 2));
    const { tail } = await tailOf({ startAt: 'end' });
    appendFileSync(log, lines(2, 3));
    await tail.poll();
    await settle();
    expect(messages()).toEqual(['line 2']);
  });
});
