import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTINUITY_PERMISSIONS } from '../../src/modules/continuity/index.js';
import { UNLIMITED, call, seedUser, signIn as signInApi } from '../../src/server/http.testkit.js';
import { TEST_ADMIN, createTestApp, type TestApp } from '../../src/server/testkit.js';
import { CHROMIUM, launchBrowser, screenshot, type Browser } from './browser.js';
import { go, signIn, signOut } from './steps.js';

/**
 * The continuity console against a real server: a FHIR bundle imported, a unit kit built from the
 * console, downloaded through its link and opened from file:// in the offline viewer; devices;
 * what each role is offered; downtime mode.
 */

const PASSPHRASE = 'icu downtime passphrase 2026';
/** The review queue runs once the platform grants its permission; until then the page is not offered. */
const RECONCILE_WIRED = 'continuity.reconcile' in CONTINUITY_PERMISSIONS;
const VIEWER_SCRIPT = resolve('dist/viewer/lifeline-viewer.js');
const nurse = 'nurse.peeters';
const auditor = 'auditor.claes';
const commander = 'commander.maes';

/** One ICU inpatient of our own, and one malformed resource the import must reject with a reason. */
function icuBundle(): Record<string, unknown> {
  const patient = { reference: 'Patient/icu-1' };
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'Patient',
          id: 'icu-1',
          identifier: [
            {
              type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
              value: 'MRN-7001',
            },
          ],
          name: [{ family: 'Vermeulen', given: ['Els'] }],
          birthDate: '1952-09-14',
          gender: 'female',
        },
      },
      {
        resource: {
          resourceType: 'Encounter',
          id: 'icu-1-stay',
          status: 'in-progress',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
          subject: patient,
          period: { start: new Date(Date.now() - 5 * 60_000).toISOString() },
          location: [{ location: { display: 'ICU / 1 / 3' }, status: 'active' }],
        },
      },
      {
        resource: {
          resourceType: 'AllergyIntolerance',
          id: 'icu-1-allergy',
          patient,
          criticality: 'high',
          code: { text: 'Penicillin' },
        },
      },
      { resource: { resourceType: 'Observation', id: 'no-code', status: 'final', subject: patient } },
    ],
  };
}

if (process.env.CI && !existsSync(CHROMIUM)) {
  throw new Error(`Chromium is missing at ${CHROMIUM}; install Debian's chromium package`);
}

describe.skipIf(!existsSync(CHROMIUM))('clinical continuity pages, end to end', () => {
  let test: TestApp;
  let url: string;
  let browser: Browser;
  let page: Page;
  let dir: string;

  const kitsTable = () => page.getByRole('table', { name: 'Scopes and their newest kit' });
  const icuKitRow = () => kitsTable().getByRole('row', { name: /Unit ICU/ });
  const devicesTable = () => page.getByRole('table', { name: 'Downtime devices and the age of their data' });
  const documentationFile = () => join(dir, 'downtime-documentation.json');
  const sections = () => page.getByRole('navigation', { name: 'Clinical continuity sections' });

  async function signInAs(username: string, password = TEST_ADMIN.password) {
    await page.goto(`${url}/login`);
    await signIn(page, username, password);
    await page.getByRole('heading', { name: /^Welcome,/ }).waitFor();
    await go(page, 'Clinical continuity');
    await page.getByRole('heading', { name: 'Clinical continuity', level: 1 }).waitFor();
  }

  beforeAll(async () => {
    if (!existsSync(resolve('web/dist/index.html'))) {
      await build({ configFile: resolve('web/vite.config.ts'), logLevel: 'warn' });
    }
    if (!existsSync(VIEWER_SCRIPT)) {
      await build({ configFile: resolve('src/modules/continuity/viewer/vite.config.ts'), logLevel: 'warn' });
    }
    dir = mkdtempSync(join(tmpdir(), 'lifeline-e2e-continuity-'));
    writeFileSync(join(dir, 'icu.pass'), `${PASSPHRASE}\n`);
    test = await createTestApp({
      consoleDir: resolve('web/dist'),
      config: {
        server: UNLIMITED,
        continuity: {
          units: [{ name: 'ICU', passphraseFile: join(dir, 'icu.pass') }],
          kits: { iterations: 100_000 },
        },
      },
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
    await seedUser(test.services, nurse, 'clinician', TEST_ADMIN.password);
    await seedUser(test.services, auditor, 'auditor', TEST_ADMIN.password);
    await seedUser(test.services, commander, 'incident-commander', TEST_ADMIN.password);
    await test.platform.startModules();
    url = await test.app.listen({ host: '127.0.0.1', port: 0 });

    const admin = await signInApi(test.app, TEST_ADMIN.username, TEST_ADMIN.password);
    const imported = await call(test.app, 'POST', '/api/continuity/import', { as: admin, body: icuBundle() });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ resources: 3, patients: 1 });

    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `continuity-failed-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the import, the unit and the signer, and builds a kit from the console', async () => {
    await signInAs(TEST_ADMIN.username);
    await page.getByText('Normal operation: kits are rebuilt from the EHR on schedule.').waitFor();

    const sources = page.getByRole('table', { name: 'Sources and imports with their last sync' });
    const importRow = sources.getByRole('row', { name: /^import/ });
    await importRow.getByText('Partly rejected').waitFor();
    await expect(importRow.getByRole('cell').nth(3).textContent()).resolves.toBe('3');
    await importRow.locator('details.rejections summary').click();
    await importRow.getByText(/Observation\/no-code: .+/).waitFor();

    const units = page.getByRole('table', { name: 'Units and the number of patients in their kits' });
    await expect(units.getByRole('row', { name: /ICU/ }).getByRole('cell').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('signer-key-id').textContent()).resolves.toMatch(/\S{6,}/);

    await icuKitRow().getByText('None yet').waitFor();
    await expect(icuKitRow().getByRole('link', { name: 'Download kit Unit ICU' }).count()).resolves.toBe(0);
    await icuKitRow().getByRole('button', { name: 'Build full kit now Unit ICU' }).click();
    await page.getByRole('status').filter({ hasText: 'Kit built for Unit ICU. Patients: 1.' }).waitFor();
    await icuKitRow().getByText('Full', { exact: true }).waitFor();
    await icuKitRow()
      .getByText(/minute/)
      .waitFor();
    await screenshot(page, 'continuity-overview');
    expect(await page.content()).not.toContain('Vermeulen');
  });

  it('downloads the kit through its link and opens it offline with the unit passphrase', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      icuKitRow().getByRole('link', { name: 'Download kit Unit ICU' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('lifeline-kit-unit-ICU.html');
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file, 'utf8')).not.toContain('Vermeulen');

    const viewer = await browser.context.newPage();
    viewer.setDefaultTimeout(20_000);
    try {
      await viewer.goto(pathToFileURL(file).href);
      await viewer.getByRole('heading', { name: 'Unlock the kit' }).waitFor();
      await viewer.getByLabel('Your name or initials').fill('RN Wouters');
      await viewer.getByLabel('Unit passphrase').fill(PASSPHRASE);
      await viewer.getByRole('button', { name: 'Unlock' }).click();
      await viewer.getByRole('heading', { name: 'Census ICU' }).waitFor();
      const census = viewer.locator('table.census tbody tr', { hasText: 'VERMEULEN, Els' });
      await expect(census.textContent()).resolves.toMatch(/MRN-7001.*Penicillin/);
      await screenshot(viewer, 'continuity-viewer-census');

      // Documentation during downtime, exported as the signed file reconciliation takes in.
      await viewer.getByRole('button', { name: 'VERMEULEN, Els' }).click();
      await viewer.getByRole('button', { name: 'Record vital signs' }).click();
      await viewer.getByLabel('Heart rate (/min)').fill('92');
      await viewer.getByRole('button', { name: 'Save' }).click();
      await viewer.getByRole('button', { name: 'Documentation (1)' }).click();
      const [exported] = await Promise.all([
        viewer.waitForEvent('download'),
        viewer.getByRole('button', { name: 'Export signed file' }).click(),
      ]);
      await exported.saveAs(documentationFile());
    } finally {
      await viewer.close();
    }
  });

  it('registers a device with its key file shown once, then revokes it', async () => {
    await sections().getByRole('link', { name: 'Downtime devices' }).click();
    await page.getByRole('heading', { name: 'Downtime devices', level: 1 }).waitFor();
    await page.getByLabel('Device id').fill('icu-laptop-1');
    await page.getByLabel('Name', { exact: true }).fill('ICU nurses station laptop');
    await expect(page.getByLabel('Kit for').inputValue()).resolves.toBe('unit:ICU');
    await page.getByRole('button', { name: 'Register device' }).click();

    const secret = page.getByRole('region', { name: 'Key file for ICU nurses station laptop' });
    await secret.getByText('Shown once.').waitFor();
    await screenshot(page, 'continuity-devices');
    const keyFile = JSON.parse((await secret.getByTestId('device-key-file').textContent()) ?? '') as {
      format: string;
      deviceId: string;
    };
    expect(keyFile).toMatchObject({ format: 'lifeline-device-key/1', deviceId: 'icu-laptop-1' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      secret.getByRole('button', { name: 'Download key file' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('lifeline-device-icu-laptop-1.key.json');
    await secret.getByRole('button', { name: 'Done, hide it' }).click();
    await expect(page.getByTestId('device-key-file').count()).resolves.toBe(0);

    const row = devicesTable().getByRole('row', { name: /ICU nurses station laptop/ });
    await row.getByText('Waiting for first kit').waitFor();
    await row.getByRole('button', { name: 'Revoke ICU nurses station laptop' }).click();
    await row.getByRole('button', { name: 'Confirm revocation ICU nurses station laptop' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Device ICU nurses station laptop is revoked: it can no longer pull kits.' })
      .waitFor();
    await row.getByText('Revoked', { exact: true }).waitFor();
    await expect(row.getByRole('button').count()).resolves.toBe(0);
    await signOut(page);
  });

  it('offers a clinician the kit download but no build, register, revoke or downtime switch', async () => {
    await signInAs(nurse);
    await icuKitRow().getByRole('link', { name: 'Download kit Unit ICU' }).waitFor();
    await expect(page.getByRole('button', { name: /Build full kit now/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Sync now/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /downtime mode/ }).count()).resolves.toBe(0);
    await sections().getByRole('link', { name: 'Downtime devices' }).click();
    await devicesTable()
      .getByRole('row', { name: /ICU nurses station laptop/ })
      .waitFor();
    await expect(page.getByRole('heading', { name: 'Register a device' }).count()).resolves.toBe(0);
    await expect(devicesTable().getByRole('button').count()).resolves.toBe(0);
    if (RECONCILE_WIRED) await sections().getByRole('link', { name: 'Reconciliation' }).waitFor();
    await signOut(page);
  });

  it('offers an auditor the overview without any kit download', async () => {
    await signInAs(auditor);
    await icuKitRow().getByText('Full', { exact: true }).waitFor();
    await expect(page.getByRole('link', { name: /Download kit/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Build full kit now/ }).count()).resolves.toBe(0);
    await expect(sections().getByRole('link', { name: 'Reconciliation' }).count()).resolves.toBe(0);
    await signOut(page);
  });

  it('switches downtime mode on with a reason, freezes kit building, and switches it off', async () => {
    await signInAs(commander);
    await page.getByRole('button', { name: 'Start downtime mode' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start downtime mode?' });
    await dialog.getByRole('button', { name: 'Start downtime mode' }).click();
    await dialog.getByText('Enter a reason.').waitFor();
    await dialog.getByLabel('Reason').fill('Ransomware on the EHR servers, incident 2026-17');
    await dialog.getByRole('button', { name: 'Start downtime mode' }).click();
    const banner = page.getByRole('region', { name: 'Downtime mode is active' });
    await banner.getByText('Ransomware on the EHR servers, incident 2026-17').waitFor();
    await banner.getByText(commander).waitFor();
    await screenshot(page, 'continuity-downtime');
    await expect(dialog.isVisible()).resolves.toBe(false);
    await signOut(page);

    await signInAs(TEST_ADMIN.username);
    await banner.waitFor();
    await icuKitRow().getByRole('button', { name: 'Build full kit now Unit ICU' }).click();
    await page.getByText('Downtime mode is active: kits stay frozen on the last verified data.').waitFor();
    await banner.getByRole('button', { name: 'End downtime mode' }).click();
    await page
      .getByRole('dialog', { name: 'End downtime mode?' })
      .getByRole('button', { name: 'End downtime mode' })
      .click();
    await page.getByText('Normal operation: kits are rebuilt from the EHR on schedule.').waitFor();
    await expect(banner.count()).resolves.toBe(0);
    expect(browser.problems).toEqual([]);
  });

  it.skipIf(!RECONCILE_WIRED)(
    'imports the viewer export, approves the entry and reports what posting to the EHR did',
    async () => {
      await sections().getByRole('link', { name: 'Reconciliation' }).click();
      await page.getByRole('heading', { name: 'Reconciliation', level: 1 }).waitFor();
      const file = page.getByLabel('Documentation file (.json)');
      const notJson = join(dir, 'not-an-export.json');
      writeFileSync(notJson, 'census printed on paper');
      await file.setInputFiles(notJson);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('This file is not a downtime documentation export (it is not JSON).').waitFor();

      await file.setInputFiles(documentationFile());
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^Imported\. To review: 1; already known: 0;/ })
        .waitFor();
      const items = page.getByRole('table', { name: 'Entries documented during downtime' });
      const entry = items.getByRole('row', { name: /VERMEULEN|Vermeulen/ });
      await entry.getByText('Vital signs').waitFor();
      await entry.getByText('Matched').waitFor();
      await expect(entry.textContent()).resolves.toContain('92');
      await screenshot(page, 'continuity-reconcile');

      await entry.getByRole('button', { name: /^Approve entry for / }).click();
      await page.getByText('No entry matches these filters.').waitFor();
      await page.getByLabel('Status', { exact: true }).selectOption('approved');
      await entry.getByText('Approved', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Post approved entries to the EHR' }).click();
      // This server has no EHR to post to: the page says so and the entry stays approved.
      await page.getByText('No EHR is configured to receive reconciled documentation.').waitFor();
      await entry.getByText('Approved', { exact: true }).waitFor();

      await file.setInputFiles(documentationFile());
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('This export was imported before; nothing new was added.').waitFor();
      const imports = page.getByRole('table', { name: 'Imported documentation files, newest first' });
      await expect(imports.getByRole('row').count()).resolves.toBe(2);
      await page.getByLabel('Status', { exact: true }).selectOption('');
      await entry.getByRole('button', { name: /^Reject entry for / }).click();
      await entry.getByRole('button', { name: 'Confirm rejection' }).click();
      await entry.getByText('Enter a reason.').waitFor();
      await entry.getByLabel(/Why reject this entry/).fill('Recorded on the wrong patient');
      await entry.getByRole('button', { name: 'Confirm rejection' }).click();
      await entry.getByText('Rejected', { exact: true }).waitFor();
      await entry.getByText('Reason: Recorded on the wrong patient').waitFor();
      expect(browser.problems.filter((problem) => !/status of 409/.test(problem))).toEqual([]);
    },
  );
});
