import { renameSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fanotifyAvailable } from '../watch/index.js';
import { encryptScript, exited, processState, watchShare, type Harness } from './engine.testkit.js';

const fanotify = fanotifyAvailable();
let harness: Harness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

describe.skipIf(!fanotify.ok)(
  `folder renames and process groups (fanotify${fanotify.ok ? '' : `: ${fanotify.reason}`})`,
  () => {
    it('follows a renamed folder: its canaries and fingerprints keep protecting it', async () => {
      const h = (harness = await watchShare({ prefer: 'fanotify' }));
      const mover = h.writer(
        `require('fs').renameSync(${JSON.stringify(join(h.share, 'Finance'))}, ${JSON.stringify(join(h.share, 'Finance 2026'))})`,
      );
      await exited(mover);
      const moved = join(h.share, 'Finance 2026');
      expect(await h.until(() => h.sentinel.canaries().some((record) => record.directory === moved))).toBe(
        true,
      );
      expect(h.published.at(-1)?.filter((record) => record.directory === moved)).toHaveLength(2);
      const files = Array.from({ length: 10 }, (_, index) => join(moved, `report-${index}.pdf`));
      const child = h.writer(encryptScript(files, 20, true));
      expect(await h.until(() => h.reports.length > 0)).toBe(true);
      const detection = h.reports[0]!;
      expect(detection.writer.pid).toBe(child.pid);
      // Judged as rewrites of known documents, not as new files.
      expect(detection.signals.map((signal) => signal.kind)).toContain('type-changed');
      expect(processState(child.pid!)).toBe('T');
    });

    it('sees a write of a canary at its new path, after its folder was renamed', async () => {
      const h = (harness = await watchShare({ prefer: 'fanotify' }));
      const before = h.sentinel
        .canaries()
        .find((record) => record.directory === join(h.share, 'Cardiology'))!;
      renameSync(join(h.share, 'Cardiology'), join(h.share, 'Cardio'));
      const now = join(h.share, 'Cardio', before.path.split('/').at(-1)!);
      expect(await h.until(() => h.sentinel.canaries().some((record) => record.path === now))).toBe(true);
      const child = h.writer(
        `require('fs').writeFileSync(${JSON.stringify(now)}, 'x'); setInterval(() => {}, 1000);`,
      );
      expect(await h.until(() => h.reports.length > 0)).toBe(true);
      expect(h.reports[0]).toMatchObject({ writer: { pid: child.pid } });
      expect(h.reports[0]!.signals.map((signal) => signal.kind)).toEqual(['canary-touched']);
      expect(processState(child.pid!)).toBe('T');
    });

    it('adds up one process per file, and stops every later process of the group on one detection', async () => {
      const h = (harness = await watchShare({ prefer: 'fanotify' }));
      const file = (index: number): string => join(h.share, 'Finance', `report-${index}.pdf`);
      // Each process encrypts one document (5 points) and exits; the second tips their group over.
      await exited(h.writer(encryptScript([file(0)], 0)));
      const second = h.writer(encryptScript([file(1)], 0));
      expect(await h.until(() => h.reports.length > 0)).toBe(true);
      expect(h.reports[0]!.writer.pid).toBe(second.pid);
      expect(h.reports[0]!.score).toBeGreaterThanOrEqual(10);
      const later = h.writer(encryptScript([file(5), file(6)], 300, true));
      expect(
        await h.until(() =>
          h.reports.some((report) =>
            report.actions.some((action) => action.detail.includes(`process ${later.pid} stopped`)),
          ),
        ),
      ).toBe(true);
      expect(processState(later.pid!)).toBe('T');
      expect(new Set(h.reports.map((report) => report.id)).size).toBe(1);
      expect(h.sentinel.detections()).toHaveLength(1);
      expect(h.sentinel.detections()[0]!.files).toContain(file(5));
      expect(readFileSync(file(6), 'latin1').startsWith('%PDF')).toBe(true);
    });

    it('keeps only the last detections', async () => {
      const h = (harness = await watchShare({ prefer: 'fanotify' }, { maxDetections: 2 }));
      const canary = h.sentinel.canaries()[0]!.path;
      const pids: number[] = [];
      for (let index = 0; index < 3; index++) {
        const child = h.writer(`require('fs').appendFileSync(${JSON.stringify(canary)}, 'x')`);
        pids.push(child.pid!);
        expect(await h.until(() => h.reports.length === index + 1)).toBe(true);
        // Released by an operator: the next writer of the same executable is judged afresh.
        h.sentinel.forget(h.reports[index]!.id);
      }
      expect(h.sentinel.detections().map((detection) => detection.writer.pid)).toEqual(pids.slice(1));
    });
  },
);
