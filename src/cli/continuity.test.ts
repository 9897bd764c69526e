import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractEnvelopes, openKit, readSigner } from '../modules/continuity/index.js';
// eslint-disable-next-line no-restricted-imports -- test kits are not part of the module's public index
import { inpatientBundle } from '../modules/continuity/platform/platform.testkit.js';
import { type CliHarness, cliHarness } from './cli.testkit.js';

const PASSPHRASE = 'icu-passphrase-for-cli';
let cli: CliHarness;

beforeEach(() => {
  cli = cliHarness();
  writeFileSync(join(cli.dir, 'icu.pass'), `${PASSPHRASE}\n`);
  writeFileSync(
    join(cli.dir, 'lifeline.yaml'),
    [
      'continuity:',
      '  hospital: AZ Test',
      '  units:',
      '    - name: ICU',
      `      passphraseFile: ${join(cli.dir, 'icu.pass')}`,
      '  kits:',
      '    iterations: 100000',
    ].join('\n'),
  );
});
afterEach(() => cli.close());

describe('lifeline continuity', () => {
  it('imports a bundle and NDJSON, listing the rejected resources and keeping the rest', async () => {
    const bundle = inpatientBundle('p1', 'MRN-1', 'Peeters');
    writeFileSync(join(cli.dir, 'bundle.json'), JSON.stringify(bundle, null, 2));
    const resources = (bundle.entry as { resource: { id: string } }[]).map((entry) => entry.resource);
    writeFileSync(
      join(cli.dir, 'export.ndjson'),
      [
        ...resources.map((r) => JSON.stringify({ ...r, id: `${r.id}-x` })),
        '{"resourceType":"Observation"',
        '',
      ].join('\n'),
    );
    const imported = await cli.run(['continuity', 'import', 'bundle.json', 'export.ndjson']);
    expect(imported.stdout).toContain('bundle.json: 4 resources, 1 patients, 0 rejected');
    expect(imported.stdout).toMatch(/export\.ndjson: \d+ resources, \d+ patients, 1 rejected/);
    expect(imported.stdout).toContain('rejected line 5');
    expect(imported.stdout).not.toContain('Peeters');
    // Something was rejected: a script learns it from the exit code.
    expect(imported.code).toBe(1);
  });

  it('builds a unit kit into one HTML file that opens with the unit passphrase', async () => {
    const bundle = inpatientBundle('p1', 'MRN-1', 'Peeters');
    // The EHR's own record of the stay places the patient: "unit / room / bed".
    (bundle.entry as unknown[]).push({
      resource: {
        resourceType: 'Encounter',
        id: 'stay-1',
        status: 'in-progress',
        class: { code: 'IMP' },
        subject: { reference: 'Patient/p1' },
        period: { start: '2026-11-25T10:00:00Z' },
        location: [{ location: { display: 'ICU / 1 / 3' } }],
      },
    });
    writeFileSync(join(cli.dir, 'bundle.json'), JSON.stringify(bundle));
    expect((await cli.run(['continuity', 'import', 'bundle.json'])).code).toBe(0);
    const built = await cli.run(['continuity', 'kit', 'build', '--unit', 'ICU', '--out', 'icu.html']);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/built full kit kit-\S+ for unit:ICU: 1 patients/);
    const html = readFileSync(join(cli.dir, 'icu.html'), 'utf8');
    const [envelope] = extractEnvelopes(html);
    const opened = await openKit(
      envelope!,
      { passphrase: PASSPHRASE },
      { trustedSigners: [readSigner(html)] },
    );
    expect(opened.payload).toMatchObject({ hospital: 'AZ Test', scope: { kind: 'unit', unit: 'ICU' } });
    expect(opened.payload.patients[0]?.location).toEqual({ unit: 'ICU', room: '1', bed: '3' });

    const transfer = await cli.run(['continuity', 'transfer', '--mrn', 'MRN-1', '--out', 'transfer.json']);
    expect(transfer.code).toBe(0);
    const pack = JSON.parse(readFileSync(join(cli.dir, 'transfer.json'), 'utf8')) as { type: string };
    expect(pack.type).toBe('document');
    expect((await cli.run(['continuity', 'transfer', '--mrn', 'nobody', '--out', 'x.json'])).code).not.toBe(
      0,
    );
    expect(html).toContain('Content-Security-Policy');
  });

  it('refuses --out without a scope and a kit for a unit without a passphrase', async () => {
    const usage = await cli.run(['continuity', 'kit', 'build', '--out', 'x.html']);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain('--out needs --unit or --site');
    const none = await cli.run(['continuity', 'kit', 'build', '--unit', 'CCU', '--out', 'ccu.html']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('No kit has been built for that scope yet');
    expect(readdirSync(cli.dir)).not.toContain('ccu.html');
  });

  it('registers a device once, writing its key file, and refuses to overwrite a key file', async () => {
    const registered = await cli.run([
      'continuity',
      'device',
      'register',
      'icu-1',
      '--unit',
      'ICU',
      '--name',
      'ICU laptop',
      '--key-out',
      'icu-1.key',
    ]);
    expect(registered.code).toBe(0);
    expect(registered.stdout).toMatch(/--signer lifeline-[0-9a-f]{16}:[A-Za-z0-9_-]{43}/);
    const key = JSON.parse(readFileSync(join(cli.dir, 'icu-1.key'), 'utf8')) as {
      deviceId: string;
      key: string;
    };
    expect(key.deviceId).toBe('icu-1');
    const again = await cli.run([
      'continuity',
      'device',
      'register',
      'icu-2',
      '--unit',
      'ICU',
      '--name',
      'x',
      '--key-out',
      'icu-1.key',
    ]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('exists already');
    // The refused run registered nothing: icu-2 can still be registered.
    const third = await cli.run([
      'continuity',
      'device',
      'register',
      'icu-2',
      '--unit',
      'ICU',
      '--name',
      'x',
      '--key-out',
      'icu-2.key',
    ]);
    expect(third.code).toBe(0);
  });

  it('switches downtime mode and reports it', async () => {
    expect((await cli.run(['continuity', 'downtime', 'on', '--reason', 'drill'])).stdout).toContain('ON');
    const built = await cli.run(['continuity', 'kit', 'build']);
    expect(built.stdout).toContain('not built: downtime');
    expect((await cli.run(['continuity', 'downtime', 'off'])).stdout).toContain('off');
    expect((await cli.run(['continuity', 'downtime', 'maybe'])).code).not.toBe(0);
  });
});
