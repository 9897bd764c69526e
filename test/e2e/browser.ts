import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['LIFELINE_CHROMIUM'] ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** Script errors and console errors seen so far, except the expected "401 Unauthorized" fetches. */
  problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium on a fresh profile, so no cookie or cache survives from an earlier run. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'lifeline-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'en-US',
    viewport: { width: 1280, height: 860 },
  });
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // A signed-out session probe and a wrong password answer 401 by design.
      if (/Failed to load resource: the server responded with a status of 401/.test(message.text())) return;
      problems.push(`console: ${message.text()}`);
    });
  };
  context.on('page', watch);
  context.pages().forEach(watch);
  return {
    context,
    problems,
    async newPage() {
      const existing = context.pages()[0];
      return existing ?? context.newPage();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/console-${name}.png`, fullPage: true });
}
