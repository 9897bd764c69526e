import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, seedUser } from '../../src/server/http.testkit.js';
import { startTestServer } from '../../src/server/testkit.js';
import { CHROMIUM, launchBrowser, screenshot, type Browser } from './browser.js';
import { go, mainNav, signIn, signOut } from './steps.js';

/** A rule the platform ships: Sysmon process creation of vssadmin deleting shadow copies. */
const RULE_TITLE = 'Shadow copies deleted with vssadmin';
const SOURCE = 'e2e-ward-workstations';
const auditor = 'auditor.claes';
const nurse = 'nurse.peeters';

const sysmon = {
  EventID: 1,
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  Provider_Name: 'Microsoft-Windows-Sysmon',
  Computer: 'ward3-pc07.hospital.example',
  UtcTime: new Date().toISOString().replace('T', ' ').replace('Z', ''),
  User: 'HOSPITAL\\svc-print',
  IntegrityLevel: 'High',
  ParentImage: 'C:\\Windows\\System32\\cmd.exe',
  ParentCommandLine: 'cmd.exe /c run.bat',
};
const shadowCopyDeletion = {
  ...sysmon,
  Image: 'C:\\Windows\\System32\\vssadmin.exe',
  OriginalFileName: 'VSSADMIN.EXE',
  CommandLine: 'vssadmin.exe delete shadows /all /quiet',
};
const harmless = {
  ...sysmon,
  Image: 'C:\\Windows\\System32\\notepad.exe',
  OriginalFileName: 'NOTEPAD.EXE',
  CommandLine: 'notepad.exe C:\\Users\\Public\\rota.txt',
};
const unreadable = 'this line is not an event {';

// Locally a missing Chromium skips the suite; in CI it must fail, or a green run would prove nothing.
if (process.env.CI && !existsSync(CHROMIUM)) {
  throw new Error(`Chromium is missing at ${CHROMIUM}; install Debian's chromium package`);
}

describe.skipIf(!existsSync(CHROMIUM))('detection pages, end to end', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  let ingestSecret = '';

  const nav = () => mainNav(page);
  const history = () => page.getByRole('table', { name: 'What happened to this alert, oldest first' });
  const sections = () => page.getByRole('navigation', { name: 'Detection sections' });

  /** Detection runs behind a queue: ask the API (as the signed-in user) until the alert exists. */
  async function waitForAlert(title: string): Promise<void> {
    for (let attempt = 0; attempt < 150; attempt += 1) {
      const response = await page.context().request.get(`${server.url}/api/detect/alerts?limit=50`);
      if (response.ok()) {
        const { alerts } = (await response.json()) as { alerts: { ruleTitle: string }[] };
        if (alerts.some((alert) => alert.ruleTitle === title)) return;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new Error(`no alert "${title}" was raised`);
  }

  beforeAll(async () => {
    await build({ configFile: resolve('web/vite.config.ts'), logLevel: 'warn' });
    server = await startTestServer({ consoleDir: resolve('web/dist') });
    await seedUser(server.services, auditor, 'auditor');
    await seedUser(server.services, nurse, 'clinician');
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `detect-failed-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates an API token that may only ingest events', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, server.admin.username, server.admin.password);
    await page.getByRole('heading', { name: 'Welcome, Test Administrator' }).waitFor();
    await go(page, 'API tokens');
    await page.getByLabel('Token name').fill('ward-workstation-shipper');
    await page.getByRole('group', { name: 'Scopes' }).getByLabel('detect.ingest', { exact: true }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page
      .getByRole('region', { name: 'Secret for token ward-workstation-shipper' })
      .getByTestId('token-secret');
    ingestSecret = ((await secret.textContent()) ?? '').trim();
    expect(ingestSecret).toMatch(/^llt_/);
  });

  it('accepts NDJSON events from the token and raises an alert for the shadow copy deletion', async () => {
    const body = [shadowCopyDeletion, harmless].map((event) => JSON.stringify(event)).join('\n');
    const response = await fetch(`${server.url}/api/detect/events?source=${SOURCE}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestSecret}`, 'content-type': 'application/x-ndjson' },
      body: `${body}\n${unreadable}\n`,
    });
    expect(response.status).toBe(202);
    await expect(response.json()).resolves.toMatchObject({ accepted: 2, quarantined: 1 });

    // The token holds detect.ingest only: it cannot read what it sent.
    const read = await fetch(`${server.url}/api/detect/alerts`, {
      headers: { authorization: `Bearer ${ingestSecret}` },
    });
    expect(read.status).toBe(403);
    await waitForAlert(RULE_TITLE);
  });

  it('lists the alert with the chart and totals, and opens it', async () => {
    await go(page, 'Detection');
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.getByRole('img', { name: /^Bar chart: \d+ alerts over \d+ periods/ }).waitFor();
    const row = page.getByRole('row').filter({ hasText: RULE_TITLE });
    await row.getByText('New', { exact: true }).waitFor();
    await screenshot(page, 'detect-alerts');

    await row.getByRole('link', { name: RULE_TITLE, exact: true }).click();
    await page.getByRole('heading', { name: RULE_TITLE, level: 1 }).waitFor();
    const fields = page.getByRole('table', { name: 'Fields of the event' });
    await fields.getByText(shadowCopyDeletion.CommandLine, { exact: true }).waitFor();
    await expect(page.locator('pre.raw').first().textContent()).resolves.toContain('delete shadows');
    await history().getByRole('row').filter({ hasText: 'Raised' }).waitFor();
  });

  it('acknowledges the alert, then closes it with a reason', async () => {
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('status').filter({ hasText: 'The alert was acknowledged.' }).waitFor();
    await history().getByRole('row').filter({ hasText: 'Acknowledged' }).waitFor();
    await expect(page.getByRole('button', { name: 'Acknowledge' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Close alert' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter a reason.' }).waitFor();
    const reason = 'Planned restore drill on ward 3, confirmed with the service desk';
    await page.getByLabel('Reason for closing').fill(reason);
    await page.getByRole('button', { name: 'Close alert' }).click();
    await page.getByRole('status').filter({ hasText: 'The alert was closed.' }).waitFor();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await history().getByRole('row').filter({ hasText: 'Closed' }).waitFor();
    await page.getByText(reason, { exact: true }).first().waitFor();
    await screenshot(page, 'detect-alert');
  });

  it('keeps the list filters in the address and finds the closed alert', async () => {
    await page.getByRole('link', { name: 'Back to the alerts' }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('closed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/[?&]status=closed/);
    await page.getByRole('row').filter({ hasText: RULE_TITLE }).getByText('Closed').waitFor();
    await page.reload();
    await expect(page.getByLabel('Status', { exact: true }).inputValue()).resolves.toBe('closed');
  });

  it('shows the source counters and the quarantined line on the ingest health page', async () => {
    await sections().getByRole('link', { name: 'Ingest health' }).click();
    await page.getByRole('heading', { name: 'Ingest health', level: 1 }).waitFor();
    await page
      .getByRole('table', { name: 'Event sources and their counters' })
      .getByRole('row', { name: new RegExp(SOURCE) })
      .waitFor();
    await page
      .getByRole('table', { name: 'Quarantined lines, most recent first' })
      .getByRole('row')
      .filter({ hasText: unreadable })
      .waitFor();
    await screenshot(page, 'detect-sources');
  });

  it('opens the rule browser and the rule source from the search', async () => {
    await sections().getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('heading', { name: 'Detection rules', level: 1 }).waitFor();
    await page.getByLabel('Search rules').fill('vssadmin');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: RULE_TITLE, exact: true }).click();
    await page.getByRole('heading', { name: RULE_TITLE, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Rule source (YAML)' }).waitFor();
    await expect(page.locator('pre.raw').textContent()).resolves.toContain('title:');
  });

  it('closes the alert as a false positive, then deletes the filter it created', async () => {
    await page.getByRole('link', { name: 'Alerts raised by this rule' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: RULE_TITLE })
      .getByRole('link', { name: RULE_TITLE, exact: true })
      .click();
    await page.getByRole('heading', { name: RULE_TITLE, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByRole('status').filter({ hasText: 'The alert was reopened.' }).waitFor();

    const reason = 'Backup agent on ward 3 prunes shadow copies every night';
    await page.getByLabel('Why is this a false positive?').fill(reason);
    await page
      .getByRole('group', { name: 'Fields to match in future events' })
      .getByLabel('Computer', { exact: true })
      .check();
    await page.getByRole('button', { name: 'Close as false positive' }).click();
    await page.getByRole('status').filter({ hasText: 'The alert was closed as a false positive.' }).waitFor();
    await page.getByRole('region', { name: 'Filter created' }).getByText(sysmon.Computer).waitFor();

    const answer = await page.context().request.get(`${server.url}/api/detect/alerts?limit=50`);
    const { alerts } = (await answer.json()) as { alerts: { ruleId: string; ruleTitle: string }[] };
    const ruleId = alerts.find((alert) => alert.ruleTitle === RULE_TITLE)?.ruleId ?? '';
    expect(ruleId).not.toBe('');

    await sections().getByRole('link', { name: 'False-positive filters' }).click();
    await page.getByRole('heading', { name: 'False-positive filters', level: 1 }).waitFor();
    const row = page
      .getByRole('table', { name: 'False-positive filters in force' })
      .getByRole('row')
      .filter({ hasText: reason });
    await row.getByText(`Computer=${sysmon.Computer}`, { exact: true }).waitFor();
    await expect(row.getByRole('link', { name: ruleId }).getAttribute('href')).resolves.toBe(
      `/detect/rules/${encodeURIComponent(ruleId)}`,
    );
    await screenshot(page, 'detect-filters');

    // The first press only asks; the filter goes on the second.
    await row.getByRole('button', { name: `Delete the filter for rule ${ruleId}` }).click();
    await row.getByRole('button', { name: `Confirm deletion of the filter for rule ${ruleId}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `The filter for rule ${ruleId} was deleted.` })
      .waitFor();
    await page.getByText('No false-positive filter: every rule raises all its alerts.').waitFor();
    await expect(row.count()).resolves.toBe(0);
  });

  it('lets an auditor read the alert but offers no triage', async () => {
    await signOut(page);
    await signIn(page, auditor, GOOD_PASSWORD);
    await go(page, 'Detection');
    await page
      .getByRole('row')
      .filter({ hasText: RULE_TITLE })
      .getByRole('link', { name: RULE_TITLE })
      .click();
    await page.getByRole('heading', { name: RULE_TITLE, level: 1 }).waitFor();
    await page.getByText('Your role can view alerts but not triage them.').waitFor();
    for (const name of ['Reopen', 'Acknowledge', 'Close alert']) {
      await expect(page.getByRole('button', { name }).count()).resolves.toBe(0);
    }
  });

  it('does not offer the false-positive filters to an auditor', async () => {
    await sections().getByRole('link', { name: 'Rules' }).waitFor();
    await expect(sections().getByRole('link', { name: 'False-positive filters' }).count()).resolves.toBe(0);
    await page.goto(`${server.url}/detect/filters`);
    await page.getByRole('heading', { name: 'Page not available' }).waitFor();
    const response = await page.context().request.get(`${server.url}/api/detect/filters`);
    expect(response.status()).toBe(403);
  });

  it('does not offer Detection to a clinician, and the server refuses the API', async () => {
    await signOut(page);
    await signIn(page, nurse, GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Welcome, Test nurse.peeters' }).waitFor();
    await nav().getByRole('link', { name: 'Settings', exact: true }).waitFor();
    await expect(nav().getByRole('link', { name: 'Detection', exact: true }).count()).resolves.toBe(0);
    await page.goto(`${server.url}/detect`);
    await page.getByRole('heading', { name: 'Page not available' }).waitFor();
    const response = await page.context().request.get(`${server.url}/api/detect/alerts`);
    expect(response.status()).toBe(403);
  });

  it('raised no script or console errors (a CSP violation would show here)', () => {
    expect(browser.problems).toEqual([]);
  });
});
