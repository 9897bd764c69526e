import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../kernel/db/connect.js';
import { testEngines } from '../../../kernel/db/testkit.js';
import { DetectionStore, STORED_FILES } from './detection-store.js';
import { LeaseStore, type ShareLease } from './lease-store.js';
import { sentinelMigrations } from './migrations.js';
import { detectionOn } from './sentinel.testkit.js';
import { ShareStore } from './share-store.js';

const SHARE = '/srv/share';

for (const engine of testEngines()) {
  describe(`sentinel stores on ${engine.engine}`, () => {
    let database: Database;
    let shares: ShareStore;
    let detections: DetectionStore;
    let leases: LeaseStore;
    beforeAll(async () => {
      database = await engine.open(sentinelMigrations);
      shares = new ShareStore(database.db);
      detections = new DetectionStore(database.db);
      leases = new LeaseStore(database.db);
    });
    afterAll(async () => {
      await database.close();
    });

    it('keeps the latest coverage of a share, and a problem only while incomplete', async () => {
      const coverage = {
        mode: 'inotify' as const,
        roots: [SHARE],
        directories: 3,
        complete: false,
        problem: 'raise it',
      };
      await shares.recordCoverage(SHARE, coverage, '2026-11-26T08:00:00.000Z');
      expect(await shares.get(SHARE)).toMatchObject({ complete: false, problem: 'raise it', directories: 3 });
      await shares.recordCoverage(
        SHARE,
        { ...coverage, mode: 'fanotify', complete: true },
        '2026-11-26T09:00:00.000Z',
      );
      expect(await shares.list()).toMatchObject([
        {
          path: SHARE,
          mode: 'fanotify',
          complete: true,
          problem: null,
          startedAt: '2026-11-26T09:00:00.000Z',
        },
      ]);
      await shares.markCanaries(SHARE, 'renewed', '2026-11-26T10:00:00.000Z');
      expect(await shares.get(SHARE)).toMatchObject({
        canariesRenewedAt: '2026-11-26T10:00:00.000Z',
        canariesVerifiedAt: '2026-11-26T10:00:00.000Z',
      });
    });

    it('replaces a share’s canaries as a whole', async () => {
      const record = {
        path: `${SHARE}/!a.docx`,
        directory: SHARE,
        position: 'first' as const,
        sha256: 'ab',
        placedAt: 'x',
      };
      await shares.replaceCanaries(SHARE, [
        record,
        { ...record, path: `${SHARE}/zz.xlsx`, position: 'last' },
      ]);
      await shares.replaceCanaries('/other', [{ ...record, path: '/other/!a.docx', directory: '/other' }]);
      await shares.replaceCanaries(SHARE, [{ ...record, sha256: 'cd' }]);
      expect(await shares.canaries(SHARE)).toEqual([{ ...record, sha256: 'cd', share: SHARE }]);
      expect(await shares.canaries()).toHaveLength(2);
    });

    it('stores a detection once, caps its files, and closes it only from stopped', async () => {
      const files = Array.from({ length: STORED_FILES + 5 }, (_, i) => `${SHARE}/f${i}.pdf`);
      const detection = detectionOn(SHARE, 'd1', {
        files,
        writer: {
          pid: 9,
          executable: '/bin/x',
          commandLine: 'x',
          user: 'bob',
          smbClient: { machine: 'WS-12', address: '10.0.0.12', user: 'HOSP\\bob' },
        },
      });
      expect(await detections.add(detection, 'stopped')).toBe(true);
      expect(await detections.add(detection, 'stopped')).toBe(false);
      const stored = await detections.get('d1');
      expect(stored?.files).toHaveLength(STORED_FILES);
      expect(stored).toMatchObject({
        filesTotal: STORED_FILES + 5,
        score: 14,
        status: 'stopped',
        writer: { smbClient: { machine: 'WS-12' } },
        detectedAt: '2026-11-26T08:30:00.000Z',
      });
      expect(await detections.countOpen()).toBe(1);
      const outcome = { action: 'suspend' as const, ok: true, detail: 'SIGCONT', at: 1 };
      expect(await detections.close('d1', { status: 'released', by: 'ic', at: 'now', outcome })).toBe(true);
      expect(await detections.close('d1', { status: 'killed', by: 'ic', at: 'now' })).toBe(false);
      expect((await detections.get('d1'))?.actions).toHaveLength(2);
      expect(await detections.countOpen()).toBe(0);
    });

    it('keeps the writer’s start time, and lets an unstopped detection be closed', async () => {
      await detections.add(
        detectionOn(SHARE, 'd3', {
          writer: { pid: 31, startTicks: 9_876_543_210, executable: null, commandLine: null, user: null },
        }),
        'unstopped',
      );
      expect((await detections.get('d3'))?.writer.startTicks).toBe(9_876_543_210);
      expect(await detections.countOpen()).toBe(1);
      expect(await detections.close('d3', { status: 'resolved', by: 'ic', at: 'now' })).toBe(true);
      expect(await detections.countOpen()).toBe(0);
    });

    it('hands a share to one holder at a time, and to another once the lease is over', async () => {
      const a = { id: 'node-a:10:x', node: 'node-a', pid: 10 };
      const b = { id: 'node-b:20:y', node: 'node-b', pid: 20 };
      const at = { now: '2026-11-26T10:00:00.000Z', expiresAt: '2026-11-26T10:01:30.000Z' };
      const overAt = (now: string) => (lease: ShareLease) => lease.expiresAt <= now;
      expect(await leases.acquire(SHARE, a, at, overAt(at.now))).toEqual({ ok: true, tookOver: null });
      const refused = await leases.acquire(SHARE, b, at, overAt(at.now));
      expect(refused).toMatchObject({ ok: false, lease: { holder: a.id, node: 'node-a', pid: 10 } });
      // The holder again: extends its own lease.
      expect(
        await leases.acquire(SHARE, a, { ...at, expiresAt: '2026-11-26T10:02:00.000Z' }, overAt(at.now)),
      ).toEqual({
        ok: true,
        tookOver: null,
      });
      expect(await leases.renew(SHARE, a.id, '2026-11-26T10:03:00.000Z')).toBe(true);
      expect(await leases.renew(SHARE, b.id, '2026-11-26T10:03:00.000Z')).toBe(false);
      // a stops renewing; past its lease, b takes over and a can no longer renew.
      const later = { now: '2026-11-26T10:05:00.000Z', expiresAt: '2026-11-26T10:06:30.000Z' };
      const taken = await leases.acquire(SHARE, b, later, overAt(later.now));
      expect(taken).toMatchObject({ ok: true, tookOver: { holder: a.id } });
      expect(await leases.renew(SHARE, a.id, '2026-11-26T10:07:00.000Z')).toBe(false);
      await leases.release(SHARE, a.id);
      expect(await leases.get(SHARE)).toMatchObject({ holder: b.id, expiresAt: later.expiresAt });
      await leases.release(SHARE, b.id);
      expect(await leases.list()).toEqual([]);
    });

    it('lets only one of two racing processes take an expired lease', async () => {
      const old = { id: 'gone', node: 'n', pid: 1 };
      await leases.acquire('/race', old, { now: 'a', expiresAt: '2000-01-01T00:00:00.000Z' }, () => false);
      const at = { now: '2026-11-26T10:00:00.000Z', expiresAt: '2026-11-26T10:01:30.000Z' };
      const contenders = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, node: 'n', pid: 100 + i }));
      const answers = await Promise.all(
        contenders.map((c) => leases.acquire('/race', c, at, (lease) => lease.expiresAt <= at.now)),
      );
      expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    });

    it('lists newest first, by status, without the long arrays', async () => {
      await detections.add(
        detectionOn(SHARE, 'd2', { detectedAt: Date.parse('2026-11-27T08:00:00Z') }),
        'killed',
      );
      const all = await detections.list();
      expect(all.map((d) => d.id)).toEqual(['d2', 'd1', 'd3']);
      expect(all[0]).not.toHaveProperty('files');
      expect(await detections.list({ status: 'killed' })).toMatchObject([{ id: 'd2', signalCount: 2 }]);
    });
  });
}
