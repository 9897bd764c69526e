import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SentinelPlatform } from '../../src/modules/sentinel/index.js';
// eslint-disable-next-line no-restricted-imports -- test kits are not part of the module's public index
import {
  detectionOn,
  standInFactory,
  standInResponders,
} from '../../src/modules/sentinel/platform/sentinel.testkit.js';
import { UNLIMITED } from '../../src/server/http.testkit.js';
import { sentinelModule } from '../../src/server/modules.js';
import { TEST_ADMIN, createTestApp, type TestApp } from '../../src/server/testkit.js';
import { CHROMIUM, launchBrowser, screenshot, type Browser } from './browser.js';
import { go, signIn } from './steps.js';

/**
 * The sentinel console against a real server with a stand-in sentinel: a share watched whole, one
 * that cannot be, a stored detection shown in detail and its writer released from the console.
 */

const SHARE = '/srv/shares/finance';
const PARTIAL = '/srv/shares/partial-scans';

/** The built console holds the sentinel pages (a build from before them does not). */
function consoleHasSentinel(): boolean {
  const assets = resolve('web/dist/assets');
  if (!existsSync(assets)) return false;
  return readdirSync(assets).some(
    (file) =>
      file.endsWith('.js') && readFileSync(join(assets, file), 'utf8').includes('sentinel.decide.unstopped'),
  );
}

if (process.env.CI && !existsSync(CHROMIUM)) {
  throw new Error(`Chromium is missing at ${CHROMIUM}; install Debian's chromium package`);
}

describe.skipIf(!existsSync(CHROMIUM))('ransomware sentinel pages, end to end', () => {
  let test: TestApp;
  let sentinel: SentinelPlatform;
  let url: string;
  let browser: Browser;
  let page: Page;
  const responders = standInResponders();

  beforeAll(async () => {
    if (!consoleHasSentinel()) await build({ configFile: resolve('web/vite.config.ts'), logLevel: 'warn' });
    test = await createTestApp({
      consoleDir: resolve('web/dist'),
      config: { server: UNLIMITED, sentinel: { shares: [{ path: SHARE }, { path: PARTIAL }] } },
      modules: [
        sentinelModule({
          createSentinel: standInFactory().factory,
          responders,
          expose: (platform) => (sentinel = platform),
        }),
      ],
    });
    await test.services.users.create(
      {
        username: TEST_ADMIN.username,
        displayName: 'Test Administrator',
        role: 'admin',
        password: TEST_ADMIN.password,
      },
      { actor: 'system', sourceIp: null },
    );
    await test.platform.startModules();
    await sentinel.service.recordDetection(detectionOn(SHARE, 'det-e2e'));
    // Every halting action failed: the writer may still run, and the console must say so.
    await sentinel.service.recordDetection(
      detectionOn(SHARE, 'det-loose', {
        writer: { pid: 4343, executable: '/usr/bin/python3', commandLine: 'python3 enc.py', user: 'bob' },
        detectedAt: Date.parse('2026-11-26T08:00:00.000Z'),
        actions: [{ action: 'suspend', ok: false, detail: 'no such process', at: 1 }],
      }),
    );
    url = await test.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `sentinel-failed-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('shows coverage and a stored detection, and releases its writer', async () => {
    await page.goto(`${url}/login`);
    await signIn(page, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.getByRole('heading', { name: /^Welcome,/ }).waitFor();
    await go(page, 'Ransomware sentinel');
    await page.getByRole('heading', { name: 'Ransomware sentinel', level: 1 }).waitFor();

    const shares = page.getByRole('table', { name: 'Shares' });
    const finance = shares.getByRole('row', { name: /finance/ });
    await finance.getByText('Watched whole (inotify, 12 folders)').waitFor();
    await finance.getByText('Files fingerprinted').waitFor();
    const partial = shares.getByRole('row', { name: /partial-scans/ });
    await partial.getByText('NOT watched (inotify)').waitFor();
    await partial.getByText(/max_user_watches/).waitFor();
    await page.getByText('2 detected writers wait for a decision.').waitFor();

    const detections = page.getByRole('table', { name: 'Detections' });
    await detections
      .getByRole('row', { name: /python3 \(4242\)/ })
      .getByText('Stopped')
      .waitFor();
    await detections
      .getByRole('row', { name: /python3 \(4343\)/ })
      .getByText('Not stopped')
      .waitFor();
    await detections
      .getByRole('row', { name: /python3 \(4242\)/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: 'Detection', level: 1 }).waitFor();
    await page.getByText('python3 enc.py').waitFor();
    const files = page.getByRole('region', { name: 'Files changed (2)' });
    await files.getByText(`${SHARE}/a.pdf`, { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Signals' }).getByText('canary-touched').waitFor();

    const release = page.getByRole('button', { name: /^Release/ });
    await release.click();
    await page.getByRole('button', { name: /^Confirm: release/ }).click();
    await page.getByText('The writer was released.').waitFor();
    await page.getByText('Decided by admin.').waitFor();
    expect(responders.calls).toEqual(['resume 4242']);
    const audit = await test.services.audit.list({ action: 'sentinel.writer.release' });
    expect(audit).toMatchObject([{ actor: 'admin', target: 'det-e2e', outcome: 'success' }]);
    expect(browser.problems).toEqual([]);
  });
});
