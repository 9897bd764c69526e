import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultPlatform } from '../../src/modules/vault/index.js';
import { startTestServer } from '../../src/server/testkit.js';
import { CHROMIUM, launchBrowser, screenshot, type Browser } from './browser.js';
import { go, signIn } from './steps.js';

describe.skipIf(!existsSync(CHROMIUM))('backups page, end to end', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(resolve('web/dist/index.html'))) {
      await build({ configFile: resolve('web/vite.config.ts'), logLevel: 'warn' });
    }
    dir = mkdtempSync(join(tmpdir(), 'lifeline-e2e-vault-'));
    mkdirSync(join(dir, 'share', 'pharmacy'), { recursive: true });
    writeFileSync(join(dir, 'share', 'pharmacy', 'stock.csv'), 'item,count\nheparin,40\n');
    writeFileSync(join(dir, 'password'), 'e2e-vault-password\n');
    server = await startTestServer({ consoleDir: resolve('web/dist') });
    const { jobs } = vaultPlatform(server.services);
    const who = { actor: 'setup', sourceIp: null };
    const repository = await jobs.addRepository(
      { name: 'offsite', location: join(dir, 'repo'), passwordFile: join(dir, 'password'), create: true },
      who,
    );
    const job = await jobs.addJob(
      {
        name: 'pharmacy-share',
        repositoryId: repository.id,
        sources: [join(dir, 'share')],
        excludes: [],
        tags: [],
        schedule: '0 1 * * *',
        retention: {},
        enabled: true,
      },
      who,
    );
    await jobs.run(job.id, 'manual', who);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows repositories and jobs, and runs a job on request', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, server.admin.username, server.admin.password);
    await go(page, 'Backup vault');
    await page.getByRole('heading', { name: 'Backups', level: 1 }).waitFor();
    const repoRow = page.getByRole('row', { name: /offsite/ });
    await expect(repoRow.getByRole('cell').nth(1).textContent()).resolves.toBe('1');
    await repoRow.getByText('Reachable').waitFor();
    const jobRow = page.getByRole('row', { name: /pharmacy-share/ });
    await jobRow.getByText('Succeeded').waitFor();
    await jobRow.getByRole('button', { name: 'Run now pharmacy-share' }).click();
    await page.getByRole('status').filter({ hasText: 'The backup finished: Succeeded.' }).waitFor();
    await expect(repoRow.getByRole('cell').nth(1).textContent()).resolves.toBe('2');
    await screenshot(page, 'vault');
    expect(browser.problems).toEqual([]);
  });
});
