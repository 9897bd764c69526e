import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CanaryManager, type CanaryRecord } from './index.js';
import { checkPdf, hasTool } from './testkit.js';

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
const caseless = (a: string, b: string): number => byteOrder(a.toLowerCase(), b.toLowerCase());

let root: string;
const userFiles = new Map<string, string>();

function userFile(relative: string, content: string): void {
  const path = join(root, relative);
  writeFileSync(path, content);
  userFiles.set(path, content);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'canary-share-'));
  userFiles.clear();
  for (const folder of ['Finance', 'wards', 'Überweisungen', 'zz_archive']) mkdirSync(join(root, folder));
  mkdirSync(join(root, 'wards', 'nested'));
  userFile('!!!READ ME.txt', 'share rules');
  userFile('AAA index.txt', 'index');
  userFile('~old notes.txt', 'old');
  userFile('Finance/budget.xlsx', 'not really xlsx');
  userFile('Finance/!important.docx', 'x');
  userFile('wards/ZZ_Roster.xlsx', 'y');
  userFile('Überweisungen/Übersicht.pdf', 'z');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function expectAtEdges(records: CanaryRecord[]): void {
  for (const record of records) {
    const listing = readdirSync(record.directory);
    for (const compare of [byteOrder, caseless]) {
      const sorted = [...listing].sort(compare);
      expect(record.position === 'first' ? sorted[0] : sorted.at(-1)).toBe(basename(record.path));
    }
  }
}

describe('CanaryManager', () => {
  it('places one decoy first and one last in the root and every top-level folder', async () => {
    const manager = new CanaryManager({ roots: [root] });
    const records = await manager.place();
    const folders = [root, ...['Finance', 'wards', 'Überweisungen', 'zz_archive'].map((f) => join(root, f))];
    expect(records).toHaveLength(folders.length * 2);
    for (const folder of folders) {
      expect(
        records
          .filter((r) => r.directory === folder)
          .map((r) => r.position)
          .sort(),
      ).toEqual(['first', 'last']);
    }
    expect(readdirSync(join(root, 'wards', 'nested'))).toEqual([]);
    expectAtEdges(records);
    for (const [path, content] of userFiles) expect(readFileSync(path, 'utf8')).toBe(content);
    for (const record of records) {
      expect(manager.isCanary(record.path)).toBe(true);
      expect(execFileSync('sha256sum', [record.path], { encoding: 'utf8' }).split(' ')[0]).toBe(
        record.sha256,
      );
    }
    expect(manager.isCanary(join(root, 'Finance', 'budget.xlsx'))).toBe(false);
  });

  it('gives decoys different past times and real formats', async () => {
    const records = await new CanaryManager({ roots: [root] }).place();
    const times = records.map((r) => statSync(r.path).mtimeMs);
    expect(new Set(times).size).toBeGreaterThan(1);
    for (const time of times) expect(time).toBeLessThan(Date.now());
    for (const record of records) {
      const data = readFileSync(record.path);
      if (record.path.endsWith('.pdf')) expect(checkPdf(data).problems).toEqual([]);
      if (/\.(docx|xlsx)$/.test(record.path) && hasTool('unzip')) {
        expect(execFileSync('unzip', ['-t', record.path], { encoding: 'utf8' })).toContain(
          'No errors detected',
        );
      }
    }
  });

  it('keeps intact decoys on a second place(), restored from records', async () => {
    const first = await new CanaryManager({ roots: [root] }).place();
    const again = await new CanaryManager({ roots: [root], records: first }).place();
    expect(again).toEqual(first);
    expect(readdirSync(root).filter((name) => first.some((r) => basename(r.path) === name))).toHaveLength(2);
  });

  it('reports a changed and a deleted decoy, and place() restores only the deleted one', async () => {
    const manager = new CanaryManager({ roots: [root] });
    const [changed, deleted] = (await manager.place()) as [CanaryRecord, CanaryRecord];
    writeFileSync(changed.path, 'encrypted bytes');
    rmSync(deleted.path);
    const problems = await manager.verify();
    expect(problems).toEqual([
      { record: changed, problem: 'changed' },
      { record: deleted, problem: 'missing' },
    ]);
    const placed = await manager.place();
    expect(placed).toContainEqual(changed);
    expect(
      placed.find((r) => r.directory === deleted.directory && r.position === deleted.position)?.sha256,
    ).not.toBe(deleted.sha256);
    expect(await manager.verify()).toEqual([{ record: changed, problem: 'changed' }]);
  });

  it('renews every decoy with new content and removes the old files', async () => {
    const manager = new CanaryManager({ roots: [root] });
    const before = await manager.place();
    const after = await manager.renew();
    expect(after).toHaveLength(before.length);
    for (const old of before) {
      const renewed = after.find((r) => r.directory === old.directory && r.position === old.position);
      expect(renewed?.sha256).not.toBe(old.sha256);
      if (renewed?.path !== old.path) expect(() => statSync(old.path)).toThrow();
      expect(manager.isCanary(old.path)).toBe(renewed?.path === old.path);
    }
    expectAtEdges(after);
    expect(await manager.verify()).toEqual([]);
  });

  it('moves a decoy that a new file pushed off its edge', async () => {
    const manager = new CanaryManager({ roots: [root] });
    const first = (await manager.place()).find(
      (r) => r.directory === root && r.position === 'first',
    ) as CanaryRecord;
    userFile('!!!!!!!!!!!!!!!!!!!!!!a.txt', 'pinned');
    const moved = (await manager.place()).find(
      (r) => r.directory === root && r.position === 'first',
    ) as CanaryRecord;
    expect(moved.path).not.toBe(first.path);
    expect(() => statSync(first.path)).toThrow();
    expectAtEdges([moved]);
  });

  it('removes every decoy and nothing else', async () => {
    const manager = new CanaryManager({ roots: [root] });
    const records = await manager.place();
    await manager.remove();
    for (const record of records) expect(() => statSync(record.path)).toThrow();
    for (const [path, content] of userFiles) expect(readFileSync(path, 'utf8')).toBe(content);
    expect(manager.records()).toEqual([]);
  });

  it('refuses a root that does not exist', async () => {
    await expect(new CanaryManager({ roots: [join(root, 'gone')] }).place()).rejects.toMatchObject({
      code: 'SENTINEL_CANARY_ROOT_MISSING',
    });
  });

  it('follows a renamed folder: its decoys are recognised at their new paths, and kept by place()', async () => {
    const manager = new CanaryManager({ roots: [root] });
    const before = (await manager.place()).filter((r) => r.directory === join(root, 'Finance'));
    renameSync(join(root, 'Finance'), join(root, 'Finance 2026'));
    expect(manager.moved(join(root, 'Finance'), join(root, 'Finance 2026'))).toBe(true);
    for (const record of before) {
      const now = join(root, 'Finance 2026', basename(record.path));
      expect(manager.isCanary(now)).toBe(true);
      expect(manager.isCanary(record.path)).toBe(false);
    }
    expect(manager.moved(join(root, 'wards', 'nested'), join(root, 'wards', 'deeper'))).toBe(false);
    const again = await manager.place();
    expect(
      again
        .filter((r) => r.directory === join(root, 'Finance 2026'))
        .map((r) => r.sha256)
        .sort(),
    ).toEqual(before.map((r) => r.sha256).sort());
    expect(await manager.verify()).toEqual([]);
  });
});
