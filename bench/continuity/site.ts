/**
 * Part 2: a 100,000-patient site summary kit, in two processes so each peak RSS is its own.
 *   npx tsx bench/continuity/site.ts <work dir> import [patients]
 *     each round: a fresh SQLite platform, the 600-bed hospital plus enough outpatients for
 *     `patients` (default 100,000) imported and projected; the last round's database stays.
 *   npx tsx bench/continuity/site.ts <work dir> build
 *     each round: the site kit built from that database; the last kit file stays for the viewer,
 *     and the database for the staleness benchmark.
 * JSON lines on stdout.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peakRssKb } from '../detect/memory.js';
import { hospitalOptions, importHospital, inpatientCount } from './hospital.js';
import { timedBuild } from './kit-build.js';
import { BENCH_WHO, openBenchPlatform, siteScope } from './platform.js';
import { sealAnatomy } from './seal-anatomy.js';
import { emit, repeats, say } from './output.js';

const work = process.argv[2] ?? '/tmp/continuity-bench';
const mode = process.argv[3] ?? 'import';
const rounds = repeats();
const siteDir = join(work, 'site');

async function importRounds(total: number): Promise<void> {
  const now = new Date();
  const outpatients = total - inpatientCount(now);
  for (let round = 1; round <= rounds; round += 1) {
    const last = round === rounds;
    const dir = last ? siteDir : join(work, `site-${round}`);
    rmSync(dir, { recursive: true, force: true });
    const bench = await openBenchPlatform(dir);
    try {
      say(`== site of ${total} patients, round ${round}/${rounds}: import and projection`);
      const imported = await importHospital(bench.continuity, hospitalOptions(outpatients, now));
      say(
        `   ${imported.patients} patients, ${imported.resources} resources in ${imported.seconds.toFixed(1)} s`,
      );
      emit({ part: 'site-import', round, import: imported, peakRssKb: peakRssKb() });
    } finally {
      await bench.close();
      if (!last) rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function buildRounds(): Promise<void> {
  const bench = await openBenchPlatform(siteDir);
  const { continuity } = bench;
  try {
    const signer = await continuity.keys.kitSigner();
    const kits = [];
    for (let round = 1; round <= rounds; round += 1) {
      say(`== site kit, round ${round}/${rounds}`);
      kits.push(await timedBuild(continuity, siteScope(), 'full'));
    }
    // Read before the file and the anatomy below, which hold the whole payload again.
    const buildPeakRssKb = peakRssKb();
    const started = performance.now();
    const file = await continuity.kitFile('site', BENCH_WHO);
    const htmlSeconds = (performance.now() - started) / 1000;
    mkdirSync(join(work, 'kits'), { recursive: true });
    writeFileSync(join(work, 'kits', 'site.html'), file.html);
    const newest = kits.at(-1);
    if (newest === undefined) return;
    const anatomy = await sealAnatomy(await continuity.stores.kits.envelope(newest.kitId), {
      keyId: signer.keyId,
      publicKey: signer.publicKey,
    });
    kits.forEach((kit, index) =>
      emit({
        part: 'site-kit',
        round: index + 1,
        kit,
        buildPeakRssKb,
        htmlBytes: Buffer.byteLength(file.html),
        htmlSeconds,
        anatomy,
      }),
    );
  } finally {
    await bench.close();
  }
}

if (mode === 'import') await importRounds(Number(process.argv[4] ?? '100000'));
else if (mode === 'build') await buildRounds();
else throw new Error(`unknown mode ${mode}: import or build`);
