import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sentinelModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import { MARKER_FILE, checkTarget } from '../simulate/index.js';
import { DEMO_SHARE_DIRECTORY } from './demo.js';
import type { SentinelPlatform } from './mount.js';
import { standInFactory, standInResponders } from './sentinel.testkit.js';

const CONFIGURED = '/srv/shares/radiology';
const dir = mkdtempSync(join(tmpdir(), 'lifeline-sentinel-demo-'));
const share = join(dir, DEMO_SHARE_DIRECTORY);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One start of the platform on the same data directory, as `lifeline start` does it. */
async function start(demo: { seed: boolean } = { seed: true }) {
  const stand = standInFactory();
  let sentinel: SentinelPlatform | undefined;
  const test: TestApp = await createTestApp({
    config: {
      database: { url: `sqlite:${join(dir, 'lifeline.db')}` },
      demo,
      sentinel: { shares: [{ path: CONFIGURED }] },
    },
    modules: [
      sentinelModule({
        createSentinel: stand.factory,
        responders: standInResponders(),
        expose: (platform) => (sentinel = platform),
      }),
    ],
  });
  await test.platform.startModules();
  return { test, sentinel: sentinel!, stand };
}

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

describe("the demo hospital's file share", () => {
  let made: { marker: string; files: string[] };

  it('is made on the first start of the demo, filled with department files and watched at once', async () => {
    const { test, sentinel, stand } = await start();
    try {
      expect(sentinel.service.watching()).toEqual([CONFIGURED]);
      await test.platform.seedModuleDemos();

      expect(checkTarget(share).path).toBe(share);
      made = { marker: readFileSync(join(share, MARKER_FILE), 'utf8'), files: files(share) };
      expect(made.files.filter((file) => /\.(pdf|docx|xlsx|csv|txt|hl7|png|jpg)$/.test(file))).toHaveLength(
        300,
      );
      expect(sentinel.service.watching()).toEqual([CONFIGURED, share]);
      expect(stand.sentinels.get(share)?.options).toEqual({
        path: share,
        actions: ['suspend'],
        prefer: 'auto',
      });
      expect((await sentinel.shares()).find((s) => s.path === share)).toMatchObject({
        configured: false,
        actions: ['suspend'],
        watching: true,
        status: { complete: true },
        canaries: 2,
      });
    } finally {
      await test.close();
    }
  });

  it('is watched again on every later start, after the configured shares, and not made again', async () => {
    const { test, sentinel, stand } = await start();
    try {
      expect(sentinel.service.watching()).toEqual([CONFIGURED, share]);
      expect(stand.sentinels.get(share)?.options).toMatchObject({ actions: ['suspend'] });
      expect(readFileSync(join(share, MARKER_FILE), 'utf8')).toBe(made.marker);
      expect(files(share)).toEqual(made.files);
      const listed = await sentinel.shares();
      expect(listed.map((s) => [s.path, s.configured, s.watching])).toEqual([
        [CONFIGURED, true, true],
        [share, false, true],
      ]);
    } finally {
      await test.close();
    }
  });

  it('gives way to a configured share at the same path', async () => {
    const stand = standInFactory();
    let sentinel: SentinelPlatform | undefined;
    const test = await createTestApp({
      config: {
        database: { url: `sqlite:${join(dir, 'lifeline.db')}` },
        sentinel: { shares: [{ path: share, actions: ['suspend', 'kill'] }] },
      },
      modules: [sentinelModule({ createSentinel: stand.factory, expose: (p) => (sentinel = p) })],
    });
    try {
      await test.platform.startModules();
      expect(sentinel!.service.watching()).toEqual([share]);
      expect(stand.sentinels.get(share)?.options.actions).toEqual(['suspend', 'kill']);
      expect(sentinel!.service.addedShares()).toEqual([]);
    } finally {
      await test.close();
    }
  });

  it('is left alone when the demo is off: only the configured shares are watched', async () => {
    const { test, sentinel } = await start({ seed: false });
    try {
      expect(sentinel.service.watching()).toEqual([CONFIGURED]);
    } finally {
      await test.close();
    }
  });
});
