import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, type Browser } from '../../../../test/e2e/browser.js';
import { generateDeviceKey, serialiseDeviceKeyFile, verifyDocumentationBundle } from '../kit/index.js';
import type { FhirResource } from './documentation/fhir-resource.js';
import { documentationKey, kitFile, passphraseRecipient, testSigner, wardPayload } from './viewer.testkit.js';

/**
 * The offline viewer in real Chromium, opened from file:// exactly as a nurse would open a kit from a
 * USB stick: verify, unlock, census, patient page, search, documentation, export, refusals.
 */

if (process.env.CI && !existsSync(CHROMIUM)) {
  throw new Error(`Chromium is missing at ${CHROMIUM}; install Debian's chromium package`);
}

const PASSPHRASE = 'ward 7 downtime passphrase';
const HOUR = 3_600_000;

describe.skipIf(!existsSync(CHROMIUM))('offline viewer, end to end', () => {
  const work = mkdtempSync(join(tmpdir(), 'lifeline-viewer-e2e-'));
  const signer = testSigner('signer-e2e');
  const device = generateDeviceKey('laptop-icu-1');
  let viewerScript = '';
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  async function writeKit(
    name: string,
    options: { dataAsOf?: Date; signerOverride?: typeof signer; tamper?: boolean } = {},
  ) {
    const now = new Date();
    const payload = wardPayload(
      now,
      options.dataAsOf === undefined ? {} : { dataAsOf: options.dataAsOf.toISOString() },
    );
    let html = await kitFile({
      payloads: [payload],
      signer: options.signerOverride ?? signer,
      recipients: [passphraseRecipient(PASSPHRASE), { kind: 'device', deviceKey: device }],
      viewerScript,
    });
    if (options.tamper) {
      // Flip one character of the ciphertext: the signature no longer covers what is in the file.
      html = html.replace(
        /"ciphertext":"(.)/,
        (_match, first: string) => `"ciphertext":"${first === 'A' ? 'B' : 'A'}`,
      );
    }
    const path = join(work, name);
    writeFileSync(path, html);
    return pathToFileURL(path).href;
  }

  async function unlock(secret: { passphrase: string } | { keyFile: string }, user = 'RN Smet') {
    await page.getByLabel('Your name or initials').fill(user);
    if ('passphrase' in secret) await page.getByLabel('Unit passphrase').fill(secret.passphrase);
    else await page.getByLabel('or device key file').setInputFiles(secret.keyFile);
    await page.getByRole('button', { name: 'Unlock' }).click();
  }

  async function stubPrint() {
    await page.evaluate(() => {
      window.print = () =>
        document.body.setAttribute(
          'data-printed',
          String(Number(document.body.getAttribute('data-printed') ?? '0') + 1),
        );
    });
  }

  beforeAll(async () => {
    const outDir = join(work, 'viewer');
    await build({
      configFile: resolve('src/modules/continuity/viewer/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir },
    });
    viewerScript = readFileSync(join(outDir, 'lifeline-viewer.js'), 'utf8');
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    page.on('request', (request) => {
      if (!/^(file|blob|data):/.test(request.url())) requests.push(request.url());
    });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `viewer-failed-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the kit facts, refuses a wrong passphrase, then unlocks to the unit census', async () => {
    await page.goto(await writeKit('icu.html'));
    await page.getByRole('heading', { name: 'Unlock the kit' }).waitFor();
    await expect(page.locator('.kit-facts').textContent()).resolves.toContain('AZ Test');
    await expect(page.locator('.data-age').getAttribute('data-stale')).resolves.toBe('false');
    await unlock({ passphrase: 'not the passphrase' });
    await page.getByText('does not unlock this kit').waitFor();
    await expect(page.locator('table').count()).resolves.toBe(0);

    await unlock({ passphrase: PASSPHRASE });
    await page.getByRole('heading', { name: 'Census ICU' }).waitFor();
    const census = page.locator('table.census');
    await expect(census.locator('tbody tr').count()).resolves.toBe(4);
    const first = census.locator('tbody tr').first();
    await expect(first.textContent()).resolves.toMatch(
      /MÜLLER, Anaïs.*46 y F.*MRN-000001.*Penicillin.*high risk.*DNR/,
    );
    await expect(census.locator('tr.empty-bed').count()).resolves.toBe(1);
    await screenshot(page, 'viewer-census');
  });

  it('is usable from the keyboard alone', async () => {
    for (let step = 0; step < 20; step += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'MÜLLER, Anaïs') break;
    }
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('MÜLLER, Anaïs');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'MÜLLER, Anaïs' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Census ICU' }).waitFor();
    await page.getByRole('button', { name: 'MÜLLER, Anaïs' }).click();
  });

  it('opens a patient with the IPS sections and the MAR around now', async () => {
    await page.getByRole('heading', { name: 'MÜLLER, Anaïs' }).waitFor();
    await expect(page.locator('.allergy-banner.high').textContent()).resolves.toContain('Penicillin');
    for (const section of [
      'Problems',
      'Medication summary',
      'Recent results',
      'Vital signs',
      'Immunizations',
      'Procedures',
      'Appointments',
    ])
      await page.getByRole('heading', { name: section, exact: true }).waitFor();
    await expect(page.locator('td.abnormal').first().textContent()).resolves.toContain('5.9 mmol/L');
    const mar = page.locator('table.mar');
    await expect(mar.locator('tbody tr').count()).resolves.toBe(2);
    await expect(mar.locator('th.now-marker').textContent()).resolves.toMatch(/^now \d\d:\d\d$/);
    await expect(
      mar.locator('tbody tr', { hasText: 'Ceftriaxone' }).locator('td.due button').count(),
    ).resolves.toBe(2);
    await screenshot(page, 'viewer-patient');
  });

  it('searches by name, date of birth, MRN and bed from the keyboard', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Census ICU' }).waitFor();
    await page.locator('body').press('/');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('search');
    const results = () => page.locator('table.results tbody tr').allTextContents();
    for (const [query, expected] of [
      ['muller', 'MÜLLER'],
      ['jan pie', 'VAN DEN BERG'],
      ['14/03/1980', 'MÜLLER'],
      ['MRN-000004', 'JANSSENS'],
      ['ICU 4', "O'BRIEN"],
    ] as const) {
      await page.locator('#search').fill(query);
      await page.locator('table.results').waitFor();
      const rows = await results();
      expect(rows[0], query).toContain(expected);
    }
    await page.locator('#search').fill('MRN-000004');
    await page.locator('#search').press('Enter');
    await page.getByRole('heading', { name: 'JANSSENS, Marie' }).waitFor();
  });

  it('records vital signs and a dose given, kept across a reload', async () => {
    await page.locator('#search').fill('muller');
    await page.locator('button.result').first().click();
    await page.getByRole('button', { name: 'Record vital signs' }).click();
    await page.getByLabel('Heart rate (/min)').fill('880');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Heart rate (/min): enter a number from 10 to 300.').waitFor();
    await page.getByLabel('Heart rate (/min)').fill('92');
    await page.getByLabel('Blood pressure systolic (mmHg)').fill('118');
    await page.getByLabel('Blood pressure diastolic (mmHg)').fill('76');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Documented during downtime' }).waitFor();
    await expect(page.locator('.downtime').textContent()).resolves.toContain('HR 92 /min, BP 118/76 mmHg');

    await page
      .locator('td.due')
      .getByRole('button', { name: /^Given: Ceftriaxone/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('td.due').textContent()).resolves.toContain('(RN Smet, downtime)');

    await page.reload();
    await unlock({ passphrase: PASSPHRASE });
    await page.getByRole('button', { name: 'Documentation (2)' }).click();
    await expect(page.locator('table.documentation tbody tr').count()).resolves.toBe(2);
  });

  it('admits a patient during downtime with the next downtime id, and prints an admission form', async () => {
    await page.getByRole('button', { name: 'Census' }).click();
    await page.getByRole('button', { name: 'Admit here' }).click();
    await page.getByRole('heading', { name: 'New admission' }).waitFor();
    await page.getByText(/The patient receives downtime id DT-ICU-0001-[0-9A-Z]{4}\./).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter the family name.').waitFor();
    await screenshot(page, 'viewer-admission');
    await page.getByLabel('Family name').fill('Nieuw');
    await page.getByLabel('Given names').fill('Noor');
    await page.getByLabel('Date of birth', { exact: true }).fill('1990-01-02');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: /NIEUW, Noor/ }).waitFor();
    await expect(page.locator('.identity').textContent()).resolves.toContain('DT-ICU-0001');
    // Every local file shares file:// storage: the documentation there is sealed, never plain.
    const stored = await page.evaluate(() => Object.values(localStorage).join('\n'));
    expect(stored).toMatch(/"ct":"[A-Za-z0-9_-]+"/);
    for (const text of ['Nieuw', 'MÜLLER', 'RN Smet', 'readings', 'Ceftriaxone'])
      expect(stored).not.toContain(text);
    await page.keyboard.press('Escape');
    await expect(
      page.locator('table.census tbody tr', { hasText: 'NIEUW, Noor' }).textContent(),
    ).resolves.toContain('downtime admission');

    await stubPrint();
    await page.getByRole('button', { name: 'Blank forms' }).click();
    await page.getByRole('button', { name: 'Print admission form (uses the next downtime id)' }).click();
    await expect(page.locator('#print-root .downtime-id').textContent()).resolves.toContain('DT-ICU-0002');
    await page
      .getByText(/Downtime ids handed out: DT-ICU-0001-[0-9A-Z]{4}, DT-ICU-0002-[0-9A-Z]{4}/)
      .waitFor();
    await page.getByRole('button', { name: 'Documentation (3)' }).waitFor();
  });

  it('exports a signed FHIR bundle that verifies in Node', async () => {
    await page.getByRole('button', { name: 'Documentation (3)' }).click();
    await screenshot(page, 'viewer-documentation');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export signed file' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^lifeline-downtime-ICU-\d{8}T\d{6}\.json$/);
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8')) as FhirResource & {
      entry: { resource: FhirResource }[];
    };
    await expect(
      verifyDocumentationBundle(bundle, [
        { keyId: documentationKey.keyId, publicKey: documentationKey.publicKey },
      ]),
    ).resolves.toEqual({
      keyId: 'doc-icu',
    });
    const types = bundle.entry.map((entry) => entry.resource.resourceType);
    expect(types.filter((type) => type === 'Observation')).toHaveLength(2);
    expect(types).toEqual(
      expect.arrayContaining(['MedicationAdministration', 'Patient', 'Encounter', 'AuditEvent']),
    );
    await page.getByText('Exported 3 new entries').first().waitFor();
    await expect(page.getByRole('button', { name: /^Undo/ }).count()).resolves.toBe(0);
  });

  it('prints a patient summary on its own sheet', async () => {
    await page.reload();
    await unlock({ passphrase: PASSPHRASE });
    await stubPrint();
    await page.locator('#search').fill('muller');
    await page.locator('button.result').first().click();
    await page.getByRole('button', { name: 'Print summary' }).click();
    await expect(page.locator('body').getAttribute('data-printed')).resolves.toBe('1');
    await expect(page.locator('#print-root').textContent()).resolves.toContain('MÜLLER, Anaïs');
    await expect(page.locator('body').getAttribute('class')).resolves.toContain('printing-sheet');
  });

  it('unlocks with a device key file', async () => {
    const keyFile = join(work, 'device-key.json');
    writeFileSync(keyFile, serialiseDeviceKeyFile(device));
    await page.goto(await writeKit('icu-device.html'));
    await unlock({ keyFile }, 'Dr Maes');
    await page.getByRole('heading', { name: 'Census ICU' }).waitFor();
  });

  it('shows a stale kit in red', async () => {
    await page.goto(await writeKit('icu-stale.html', { dataAsOf: new Date(Date.now() - 2 * HOUR) }));
    const dataAge = page.locator('.data-age');
    await page.getByRole('heading', { name: 'Unlock the kit' }).waitFor();
    await expect(dataAge.getAttribute('data-stale')).resolves.toBe('true');
    await expect(dataAge.evaluate((element) => getComputedStyle(element).backgroundColor)).resolves.toBe(
      'rgb(176, 0, 32)',
    );
    await expect(dataAge.textContent()).resolves.toContain('120 minutes ago');
    await screenshot(page, 'viewer-stale');
  });

  it('refuses a tampered kit and shows nothing from it', async () => {
    await page.goto(await writeKit('icu-tampered.html', { tamper: true }));
    await page.getByRole('heading', { name: 'This kit cannot be trusted' }).waitFor();
    await expect(page.getByText('CONTINUITY_KIT_SIGNATURE_INVALID').count()).resolves.toBe(1);
    await expect(page.getByLabel('Unit passphrase').count()).resolves.toBe(0);
    await expect(page.locator('body').textContent()).resolves.not.toContain('AZ Test');
  });

  it('refuses a kit signed by another key than the one pinned for the hospital', async () => {
    await page.goto(await writeKit('icu-forged.html', { signerOverride: testSigner('signer-e2e') }));
    await page.getByRole('heading', { name: 'This kit cannot be trusted' }).waitFor();
    await expect(page.locator('.refusal').textContent()).resolves.toContain('signed by a different key');
  });

  it('made no network request and raised no script or CSP error', () => {
    expect(requests).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
