/**
 * Part 1: a 600-bed hospital's inpatients. Each round opens a fresh SQLite platform, imports and projects
 * every inpatient (timed apart), then builds a full kit for every unit and one for all inpatients (the
 * site scope over a mirror holding inpatients only), and writes the largest unit's kit file for the
 * viewer benchmark.
 *   npx tsx bench/continuity/inpatients.ts <work dir>   → JSON lines on stdout
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peakRssKb, resetPeakRss } from '../detect/memory.js';
import { hospitalOptions, importHospital } from './hospital.js';
import { timedBuild } from './kit-build.js';
import { BENCH_WHO, openBenchPlatform, siteScope, unitScope } from './platform.js';
import { sealAnatomy } from './seal-anatomy.js';
import { emit, repeats, say } from './output.js';

const work = process.argv[2] ?? '/tmp/continuity-bench';
const now = new Date();
const rounds = repeats();
mkdirSync(join(work, 'kits'), { recursive: true });

for (let round = 1; round <= rounds; round += 1) {
  const dir = join(work, `inpatients-${round}`);
  rmSync(dir, { recursive: true, force: true });
  const bench = await openBenchPlatform(dir);
  const { continuity } = bench;
  try {
    say(`== inpatients, round ${round}/${rounds}: import and projection`);
    resetPeakRss();
    const imported = await importHospital(continuity, hospitalOptions(0, now));
    const importPeakRssKb = peakRssKb();
    const units = await continuity.stores.mirror.unitCounts();
    for (const { unit } of units) bench.addUnitPassphrase(unit);
    // A running site made its signing key long ago; creating it is not part of a build.
    const signer = await continuity.keys.kitSigner();
    say(`   ${imported.patients} patients in ${units.length} units; building unit kits`);
    resetPeakRss();
    const unitKits = [];
    for (const { unit } of units) {
      unitKits.push({ unit, ...(await timedBuild(continuity, unitScope(unit), 'full')) });
    }
    say('   building the all-inpatients kit');
    const all = await timedBuild(continuity, siteScope(), 'full');
    const buildPeakRssKb = peakRssKb();
    const largest = [...unitKits].sort((a, b) => b.patients - a.patients || a.unit.localeCompare(b.unit))[0];
    if (largest === undefined) throw new Error('the hospital has no units');
    const unitFile = await continuity.kitFile(`unit:${largest.unit}`, BENCH_WHO);
    const allFile = await continuity.kitFile('site', BENCH_WHO);
    writeFileSync(join(work, 'kits', 'unit.html'), unitFile.html);
    const anatomy = await sealAnatomy(await continuity.stores.kits.envelope(largest.kitId), {
      keyId: signer.keyId,
      publicKey: signer.publicKey,
    });
    emit({
      part: 'inpatients',
      round,
      import: imported,
      importPeakRssKb,
      buildPeakRssKb,
      units: unitKits,
      all,
      largestUnit: { unit: largest.unit, htmlBytes: Buffer.byteLength(unitFile.html), anatomy },
      allHtmlBytes: Buffer.byteLength(allFile.html),
    });
  } finally {
    await bench.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
