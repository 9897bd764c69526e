import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfBytes } from '../fingerprint/fixtures.testkit.js';
import type { FileActivity } from '../types.js';
import { createScene, seed } from './scene.testkit.js';
import { DEFAULT_WINDOW_MS as WINDOW_MS } from './weights.js';

const scene = createScene('property');
seed(scene, { 'keep/letter.pdf': pdfBytes(1), 'keep/notes.txt': 'ward notes\n'.repeat(500) });
await scene.analyzer.baseline([scene.root]);
afterAll(() => scene.dispose());

const segment = fc.stringMatching(/^[A-Za-z0-9_. -]{1,24}$/).filter((name) => name !== '.' && name !== '..');
const extension = fc.oneof(
  fc.constantFrom(
    '',
    '.bin',
    '.dat',
    '.locked',
    '.zip',
    '.jpg',
    '.gpg',
    '.gz',
    '.7z',
    '.enc',
    '.txt',
    '.pdf',
  ),
  fc.stringMatching(/^\.[a-z0-9]{1,8}$/),
);

describe('entropy alone never detects', () => {
  it('any number of new random files, under any names, by one writer', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: segment, extension, size: fc.integer({ min: 0, max: 20_000 }) }), {
          maxLength: 80,
        }),
        (files) => {
          const writer = `pid:${++run}`;
          files.forEach((file, index) => {
            const verdict = scene.write(
              `new/${run}/${index}-${file.name}${file.extension}`,
              randomBytes(file.size),
              writer,
            );
            expect(verdict.detected).toBe(false);
          });
          scene.analyzer.forget(writer);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('the analyzer takes any activity', () => {
  const path = fc.oneof(
    fc.constantFrom(scene.path('keep/letter.pdf'), scene.path('keep/notes.txt'), scene.path('missing/x.pdf')),
    segment.map((name) => scene.path(`any/${name}`)),
    fc.string(),
  );
  const activity = fc.record({
    kind: fc.constantFrom<FileActivity['kind']>('write', 'create', 'delete', 'rename'),
    path,
    oldPath: fc.option(path, { nil: undefined }),
    isDir: fc.boolean(),
    pid: fc.option(fc.integer({ min: 1, max: 1 << 22 }), { nil: null }),
    at: fc.integer({ min: 0, max: 2 ** 45 }),
  });

  it('never throws, never counts a signal older than the window, and caps the files', () => {
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 30 }), (activities) => {
        for (const change of activities) {
          const { oldPath, ...rest } = change;
          const verdict = scene.analyzer.analyze(oldPath === undefined ? rest : { ...rest, oldPath }, {
            key: `fuzz:${change.pid ?? 'unknown'}`,
            executable: null,
          });
          const since = scene.clock.now - WINDOW_MS;
          expect(verdict.signals.every((signal) => signal.at >= since)).toBe(true);
          expect(verdict.files.length).toBeLessThanOrEqual(1000);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never scores an allow-listed executable, whatever it does (canaries included)', () => {
    const trusted = createScene('property-allow', { allow: { executables: ['/usr/bin/backup'] } });
    trusted.canaries.add(trusted.path('keep/letter.pdf'));
    seed(trusted, { 'keep/letter.pdf': pdfBytes(1), 'keep/notes.txt': 'ward notes\n'.repeat(500) });
    const own = (path: string): string =>
      path.startsWith(scene.root) ? trusted.path(path.slice(scene.root.length + 1)) : path;
    try {
      fc.assert(
        fc.property(fc.array(activity, { maxLength: 30 }), (activities) => {
          for (const change of activities) {
            const { oldPath, path: target, ...rest } = change;
            const moved = {
              ...rest,
              path: own(target),
              ...(oldPath === undefined ? {} : { oldPath: own(oldPath) }),
            };
            const verdict = trusted.analyzer.analyze(moved, {
              key: 'pid:7',
              executable: '/usr/bin/backup',
              group: 'exe:/usr/bin/backup:uid:0',
            });
            expect(verdict.score).toBe(0);
          }
        }),
        { numRuns: 100 },
      );
    } finally {
      trusted.dispose();
    }
  });
});
