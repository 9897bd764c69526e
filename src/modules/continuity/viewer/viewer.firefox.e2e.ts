import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDocumentationBundle } from '../kit/index.js';
import type { FhirResource } from './documentation/fhir-resource.js';
import { firefoxUnavailable, launchFirefox, type FirefoxPage } from './firefox-bidi.testkit.js';
import { documentationKey, kitFile, passphraseRecipient, testSigner, wardPayload } from './viewer.testkit.js';

/** The same kit in stock Firefox ESR: verify, unlock, census, search, document, export, refuse. */

const unavailable = firefoxUnavailable();
const PASSPHRASE = 'firefox ward passphrase';

describe.skipIf(unavailable !== null)('offline viewer in Firefox', () => {
  const work = mkdtempSync(join(tmpdir(), 'lifeline-viewer-firefox-'));
  const signer = testSigner('signer-firefox');
  let viewerScript = '';
  let firefox: FirefoxPage;

  const heading = () => firefox.evaluate<string>(`document.querySelector('h1')?.textContent ?? ''`);
  const fill = (name: string, value: string) =>
    firefox.evaluate(
      `(() => { const field = document.querySelector('[name="${name}"]'); field.value = ${JSON.stringify(value)}; field.dispatchEvent(new Event('input', { bubbles: true })); })()`,
    );
  const clickButton = (label: string) =>
    firefox.evaluate(
      `[...document.querySelectorAll('button')].find((button) => button.textContent.startsWith(${JSON.stringify(label)})).click()`,
    );

  async function writeKit(name: string, tamper = false): Promise<string> {
    let html = await kitFile({
      payloads: [wardPayload(new Date())],
      signer,
      recipients: [passphraseRecipient(PASSPHRASE)],
      viewerScript,
    });
    if (tamper)
      html = html.replace(
        /"ciphertext":"(.)/,
        (_match, first: string) => `"ciphertext":"${first === 'A' ? 'B' : 'A'}`,
      );
    const path = join(work, name);
    writeFileSync(path, html);
    return pathToFileURL(path).href;
  }

  beforeAll(async () => {
    const outDir = join(work, 'viewer');
    await build({
      configFile: resolve('src/modules/continuity/viewer/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir },
    });
    viewerScript = readFileSync(join(outDir, 'lifeline-viewer.js'), 'utf8');
    firefox = await launchFirefox();
  });

  afterAll(async () => {
    await firefox?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('verifies, refuses a wrong passphrase, unlocks and shows the census', async () => {
    await firefox.navigate(await writeKit('icu.html'));
    await firefox.waitFor(`document.querySelector('h1')?.textContent === 'Unlock the kit'`);
    await fill('user', 'RN Firefox');
    await fill('passphrase', 'wrong');
    await clickButton('Unlock');
    await firefox.waitFor(
      `document.querySelector('.form-problems')?.textContent.includes('does not unlock')`,
    );
    await fill('passphrase', PASSPHRASE);
    await clickButton('Unlock');
    await firefox.waitFor(`document.querySelector('h1')?.textContent === 'Census ICU'`);
    const rows = await firefox.evaluate<string[]>(
      `[...document.querySelectorAll('table.census tbody tr')].map((row) => row.textContent)`,
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('MÜLLER, Anaïs');
  });

  it('searches, records vital signs and exports a bundle that verifies', async () => {
    await fill('search', '14.03.1980');
    await firefox.waitFor(`document.querySelector('button.result')`);
    await firefox.evaluate(`document.querySelector('button.result').click()`);
    await firefox.waitFor(`document.querySelector('h1')?.textContent.startsWith('MÜLLER')`);
    expect(await firefox.evaluate<number>(`document.querySelectorAll('table.mar tbody tr').length`)).toBe(2);
    await clickButton('Record vital signs');
    await fill('heart-rate', '77');
    await clickButton('Save');
    await firefox.waitFor(`document.querySelector('.downtime')?.textContent.includes('HR 77')`);
    // The page may not fetch (its CSP forbids it), so the export is read from the Blob it creates.
    await firefox.evaluate(`(() => {
      window.exported = null;
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob) => { blob.text().then((text) => (window.exported = text)); return create(blob); };
      HTMLAnchorElement.prototype.click = function () {};
    })()`);
    await clickButton('Documentation');
    await clickButton('Export signed file');
    await firefox.waitFor(`window.exported !== null`);
    const bundle = JSON.parse(await firefox.evaluate<string>(`window.exported`)) as FhirResource;
    await expect(
      verifyDocumentationBundle(bundle, [
        { keyId: documentationKey.keyId, publicKey: documentationKey.publicKey },
      ]),
    ).resolves.toEqual({
      keyId: 'doc-icu',
    });
  });

  it('refuses a tampered kit', async () => {
    await firefox.navigate(await writeKit('icu-tampered.html', true));
    await firefox.waitFor(`document.querySelector('h1')?.textContent === 'This kit cannot be trusted'`);
    expect(await heading()).toBe('This kit cannot be trusted');
    expect(await firefox.evaluate<number>(`document.querySelectorAll('input').length`)).toBe(0);
  });
});
